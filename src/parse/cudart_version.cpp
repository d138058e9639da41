#include "parse/cudart_version.hpp"

#include <cctype>

#include "parse/c_defines.hpp"
#include "util/strings.hpp"

namespace gpudoctor::parse {

std::string cuda_version_from_int(long long v) {
  return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

ParseResult<std::string> parse_cudart_header_version(std::string_view header) {
  auto v = find_define_int(header, "CUDART_VERSION");
  if (!v) v = find_define_int(header, "CUDA_VERSION");
  if (!v) return ParseResult<std::string>::fail("no CUDART_VERSION or CUDA_VERSION in header");
  if (*v < 1000) return ParseResult<std::string>::fail("implausible CUDA version " + std::to_string(*v));
  return ParseResult<std::string>::ok(cuda_version_from_int(*v));
}

ParseResult<std::string> parse_cuda_version_txt(std::string_view text) {
  constexpr std::string_view kPrefix = "CUDA Version ";
  for (const auto& line : util::split_lines(text)) {
    std::string_view l = util::trim(line);
    if (!util::starts_with(l, kPrefix)) continue;
    std::string_view v = util::trim(l.substr(kPrefix.size()));
    size_t n = 0;
    while (n < v.size() && (std::isdigit(static_cast<unsigned char>(v[n])) || v[n] == '.')) ++n;
    v = v.substr(0, n);
    while (!v.empty() && v.back() == '.') v.remove_suffix(1);
    if (v.find('.') == std::string_view::npos) break;
    return ParseResult<std::string>::ok(std::string(v));
  }
  return ParseResult<std::string>::fail("no \"CUDA Version\" line");
}

}  // namespace gpudoctor::parse
