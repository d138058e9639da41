#pragma once
// What the registry tests read from the repository itself: the cause vocabulary
// (docs/causes.md, nothing outside the repository) and the finding codes the test
// sources really use. A code only counts when it is a string literal in test code with
// the comments removed, or a string in a JSON fixture: naming it in a comment does not
// make a test exercise it.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace gpudoctor::testkit {

inline std::string slurp_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// docs/causes.md's slugs: the rows "| `slug` | meaning |". Empty when the file is
// missing, which the callers assert against.
inline std::set<std::string> cause_vocabulary() {
  std::set<std::string> out;
  std::string text = slurp_file(std::filesystem::path(GD_SOURCE_DIR) / "docs" / "causes.md");
  std::regex row(R"(^\| `([a-z0-9_]+)` \|)", std::regex::multiline);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

// C++ source with // and /* */ comments replaced by a space; string, character and raw
// string literals are kept as they are (a "//" inside a string is not a comment).
inline std::string strip_cpp_comments(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0, n = s.size();
  while (i < n) {
    char c = s[i];
    if (c == '/' && i + 1 < n && s[i + 1] == '/') {
      while (i < n && s[i] != '\n') ++i;
      out += ' ';
    } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      i = end == std::string::npos ? n : end + 2;
      out += ' ';
    } else if (c == 'R' && i + 1 < n && s[i + 1] == '"' &&
               (i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_'))) {
      size_t open = s.find('(', i + 2);
      if (open == std::string::npos) {
        out.append(s, i, std::string::npos);
        break;
      }
      std::string close = ")" + s.substr(i + 2, open - i - 2) + "\"";
      size_t end = s.find(close, open);
      size_t stop = end == std::string::npos ? n : end + close.size();
      out.append(s, i, stop - i);
      i = stop;
    } else if (c == '"' || c == '\'') {
      size_t j = i + 1;
      while (j < n && s[j] != c && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
      size_t stop = std::min(n, j + 1);
      out.append(s, i, stop - i);
      i = stop;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

namespace detail {
inline void json_strings(const nlohmann::json& j, std::string& out) {
  if (j.is_string()) {
    out += '"' + j.get<std::string>() + "\"\n";
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      out += '"' + k + "\"\n";
      json_strings(v, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) json_strings(v, out);
  }
}
}  // namespace detail

// Every test source under tests/ as code: .cpp files without comments, and each JSON
// fixture reduced to its strings, one quoted per line. Search it for "\"CODE\"".
inline std::string test_code_text() {
  namespace fs = std::filesystem;
  std::string all;
  std::error_code ec;  // fixture trees hold symlink loops on purpose
  for (const auto& e : fs::recursive_directory_iterator(fs::path(GD_SOURCE_DIR) / "tests", ec)) {
    std::error_code fec;
    if (!e.is_regular_file(fec)) continue;
    if (e.path().extension() == ".cpp") {
      all += strip_cpp_comments(slurp_file(e.path()));
    } else if (e.path().extension() == ".json") {
      auto j = nlohmann::json::parse(slurp_file(e.path()), nullptr, false);
      if (!j.is_discarded()) detail::json_strings(j, all);
    }
    all += '\n';
  }
  return all;
}

}  // namespace gpudoctor::testkit
