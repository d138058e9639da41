#include "parse/nccl_version.hpp"

#include <cctype>

#include "parse/c_defines.hpp"

namespace gpudoctor::parse {
namespace {

// The longest run of digits and dots at the start of `s`, without a trailing dot.
std::string_view leading_version(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
  while (n > 0 && s[n - 1] == '.') --n;
  return s.substr(0, n);
}

}  // namespace

ParseResult<std::string> parse_nccl_header_version(std::string_view header) {
  auto major = find_define_int(header, "NCCL_MAJOR");
  auto minor = find_define_int(header, "NCCL_MINOR");
  auto patch = find_define_int(header, "NCCL_PATCH");
  if (!major || !minor || !patch) return ParseResult<std::string>::fail("no NCCL_MAJOR/NCCL_MINOR/NCCL_PATCH in header");
  return ParseResult<std::string>::ok(std::to_string(*major) + "." + std::to_string(*minor) + "." +
                                      std::to_string(*patch));
}

ParseResult<NcclBanner> parse_nccl_banner(std::string_view text) {
  constexpr std::string_view kPrefix = "NCCL version ";
  size_t pos = text.find(kPrefix);
  if (pos == std::string_view::npos) return ParseResult<NcclBanner>::fail("no \"NCCL version\" banner");
  std::string_view rest = text.substr(pos + kPrefix.size());
  NcclBanner b;
  b.version = std::string(leading_version(rest));
  if (b.version.find('.') == std::string::npos) return ParseResult<NcclBanner>::fail("no version after \"NCCL version\"");
  rest.remove_prefix(b.version.size());
  if (rest.substr(0, 5) == "+cuda") b.cuda = std::string(leading_version(rest.substr(5)));
  return ParseResult<NcclBanner>::ok(std::move(b));
}

}  // namespace gpudoctor::parse
