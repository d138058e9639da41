#include "parse/nvcc_version.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

std::string_view version_run(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
  while (n > 0 && s[n - 1] == '.') --n;
  return s.substr(0, n);
}

}  // namespace

ParseResult<ToolVersion> parse_nvcc_version_output(std::string_view text) {
  for (const auto& line : util::split_lines(text)) {
    size_t pos = line.find("release ");
    if (pos == std::string::npos || line.find("compilation tools") == std::string::npos) continue;
    ToolVersion v;
    v.release = std::string(version_run(std::string_view(line).substr(pos + 8)));
    if (v.release.empty()) continue;
    size_t vpos = line.find(", V", pos);
    if (vpos != std::string::npos) v.version = std::string(version_run(std::string_view(line).substr(vpos + 3)));
    if (v.version.empty()) v.version = v.release;
    return ParseResult<ToolVersion>::ok(std::move(v));
  }
  return ParseResult<ToolVersion>::fail("no \"compilation tools, release\" line");
}

}  // namespace gpudoctor::parse
