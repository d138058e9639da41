#include "parse/cudnn_version.hpp"

#include "parse/c_defines.hpp"

namespace gpudoctor::parse {

ParseResult<std::string> parse_cudnn_version(std::string_view header) {
  auto major = find_define_int(header, "CUDNN_MAJOR");
  if (!major) return ParseResult<std::string>::fail("no CUDNN_MAJOR in header");
  auto minor = find_define_int(header, "CUDNN_MINOR");
  auto patch = find_define_int(header, "CUDNN_PATCHLEVEL");
  if (!minor || !patch) return ParseResult<std::string>::fail("CUDNN_MINOR or CUDNN_PATCHLEVEL missing");
  if (*major < 0 || *minor < 0 || *patch < 0) return ParseResult<std::string>::fail("negative cuDNN version");
  return ParseResult<std::string>::ok(std::to_string(*major) + "." + std::to_string(*minor) + "." +
                                      std::to_string(*patch));
}

}  // namespace gpudoctor::parse
