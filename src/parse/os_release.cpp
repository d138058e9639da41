#include "parse/os_release.hpp"

#include <optional>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

bool valid_key(std::string_view key) {
  if (key.empty()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Shell-style unquoting of one assignment's right-hand side; nullopt when a quote
// is left open. Unquoted trailing whitespace is dropped, as systemd's
// parse_env_file does, so "ID=debian  " still reads "debian".
std::optional<std::string> unquote(std::string_view v) {
  std::string out;
  size_t keep = 0;  // length of `out` that must survive the trailing-space trim
  enum class State { kPlain, kSingle, kDouble } state = State::kPlain;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    switch (state) {
      case State::kPlain:
        if (c == '\'') {
          state = State::kSingle;
        } else if (c == '"') {
          state = State::kDouble;
        } else if (c == '\\' && i + 1 < v.size()) {
          out += v[++i];
          keep = out.size();
        } else {
          out += c;
          if (c != ' ' && c != '\t') keep = out.size();
        }
        break;
      case State::kSingle:
        if (c == '\'') {
          state = State::kPlain;
          keep = out.size();
        } else {
          out += c;
        }
        break;
      case State::kDouble:
        if (c == '"') {
          state = State::kPlain;
          keep = out.size();
        } else if (c == '\\' && i + 1 < v.size() &&
                   (v[i + 1] == '"' || v[i + 1] == '\\' || v[i + 1] == '$' || v[i + 1] == '`')) {
          // Inside double quotes only these four are escapes (sh(1)); "\n" stays "\n".
          out += v[++i];
        } else {
          out += c;
        }
        break;
    }
  }
  if (state != State::kPlain) return std::nullopt;
  out.resize(keep);
  return out;
}

}  // namespace

ParseResult<OsRelease> parse_os_release(std::string_view text) {
  OsRelease out;
  int number = 0;
  for (const std::string& raw : util::split_lines(text)) {
    ++number;
    std::string_view line = raw;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.find('\0') != std::string_view::npos) {
      out.bad_lines.push_back(number);
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || !valid_key(line.substr(0, eq))) {
      out.bad_lines.push_back(number);
      continue;
    }
    auto value = unquote(line.substr(eq + 1));
    if (!value) {
      out.bad_lines.push_back(number);
      continue;
    }
    out.values[std::string(line.substr(0, eq))] = std::move(*value);
  }
  if (out.values.empty()) {
    if (out.bad_lines.empty()) return ParseResult<OsRelease>::fail("no KEY=value assignments");
    return ParseResult<OsRelease>::fail("no KEY=value assignments (" + std::to_string(out.bad_lines.size()) +
                                        " malformed lines)");
  }
  return ParseResult<OsRelease>::ok(std::move(out));
}

std::map<std::string, std::string> parse_environ(std::string_view block) {
  std::map<std::string, std::string> out;
  for (std::string_view entry : util::split(block, '\0')) {
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

}  // namespace gpudoctor::parse
