#include "parse/rtld_system_dirs.hpp"

#include <cctype>

namespace gpudoctor::parse {
namespace {

constexpr size_t kMaxDirLen = 256;

bool dir_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '+' || c == '/';
}

// Length of a valid entry (without its NUL) starting at `pos`, or 0.
size_t entry_at(std::string_view b, size_t pos) {
  if (pos >= b.size() || b[pos] != '/') return 0;
  size_t end = pos;
  while (end < b.size() && end - pos <= kMaxDirLen && dir_char(b[end])) ++end;
  if (end >= b.size() || b[end] != '\0') return 0;
  std::string_view s = b.substr(pos, end - pos);
  if (s.size() < 2 || s.back() != '/' || s.find("//") != std::string_view::npos) return 0;
  if (s.find("lib") == std::string_view::npos) return 0;
  return s.size();
}

}  // namespace

std::vector<std::string> extract_rtld_system_dirs(std::string_view bytes) {
  std::vector<std::string> best;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t slash = bytes.find('/', pos);
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
    if (slash > 0 && bytes[slash - 1] != '\0') continue;
    std::vector<std::string> run;
    size_t at = slash;
    while (size_t len = entry_at(bytes, at)) {
      std::string dir(bytes.substr(at, len));
      if (dir.size() > 1) dir.pop_back();
      run.push_back(std::move(dir));
      at += len + 1;
    }
    if (run.size() >= 2 && run.size() > best.size()) best = std::move(run);
    if (at > slash) pos = at;
  }
  return best;
}

}  // namespace gpudoctor::parse
