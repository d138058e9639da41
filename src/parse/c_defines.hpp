#pragma once
// `#define NAME value` lookups in C header text (cudnn_version.h, nccl.h,
// cuda_runtime_api.h): the version macros are plain integers, so no
// preprocessor is needed, only care with comments, spacing and CRLF.
#include <optional>
#include <string>
#include <string_view>

namespace gpudoctor::parse {

// The replacement text of the first object-like `#define name ...` (directive
// spacing "#  define" allowed), trimmed, without trailing // or /* */ comments.
// nullopt when the header does not define it. Function-like macros
// ("#define name(x)") do not count.
std::optional<std::string> find_define(std::string_view header, std::string_view name);

// find_define() read as an integer: "9", "(9)", "13000", "9U", "0x10" all work;
// nullopt when absent or not a plain integer (an expression like "(A * 100 + B)").
std::optional<long long> find_define_int(std::string_view header, std::string_view name);

// "MAJOR.MINOR.PATCH" from integer macros such as NV_TENSORRT_MAJOR/MINOR/PATCH.
// A macro defined as another macro's name is followed once (TensorRT 10:
// `#define NV_TENSORRT_MAJOR TRT_MAJOR_ENTERPRISE`). nullopt when any is missing.
std::optional<std::string> version_from_defines(std::string_view header, std::string_view major,
                                                std::string_view minor, std::string_view patch);

}  // namespace gpudoctor::parse
