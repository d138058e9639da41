#include "parse/so_version.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

bool is_dotted_digits(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  char prev = '\0';
  for (char c : s) {
    if (c == '.' && prev == '.') return false;
    if (c != '.' && !std::isdigit(static_cast<unsigned char>(c))) return false;
    prev = c;
  }
  return true;
}

}  // namespace

std::string so_file_version(std::string_view file_name, std::string_view stem) {
  std::string prefix = std::string(stem) + ".so.";
  if (stem.empty() || !util::starts_with(file_name, prefix)) return {};
  std::string_view rest = file_name.substr(prefix.size());
  return is_dotted_digits(rest) ? std::string(rest) : std::string();
}

bool is_so_file_of(std::string_view file_name, std::string_view stem) {
  if (stem.empty()) return false;
  if (file_name == std::string(stem) + ".so") return true;
  return !so_file_version(file_name, stem).empty();
}

std::optional<int> so_major(std::string_view file_name, std::string_view stem) {
  std::string v = so_file_version(file_name, stem);
  if (v.empty()) return std::nullopt;
  auto major = util::parse_int(util::split(v, '.').front());
  if (!major || *major > 1000000) return std::nullopt;
  return static_cast<int>(*major);
}

}  // namespace gpudoctor::parse
