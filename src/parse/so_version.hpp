#pragma once
// Versions spelled in shared-library file names: the driver installs
// libcuda.so.550.54.15, the toolkit runfile libcudart.so.12.2.140, pip wheels
// only libcudart.so.12 (the SONAME).
#include <optional>
#include <string>
#include <string_view>

namespace gpudoctor::parse {

// The numeric suffix after "<stem>.so.": so_file_version("libcuda.so.550.54.15",
// "libcuda") == "550.54.15"; "" for "libcuda.so", for another stem
// ("libcudart_static.a", "libnvrtc-builtins.so.13.0" with stem "libnvrtc") or a
// suffix that is not dotted digits ("libfoo.so.1.bak").
std::string so_file_version(std::string_view file_name, std::string_view stem);

// True when `file_name` is "<stem>.so" or "<stem>.so.<dotted digits>".
bool is_so_file_of(std::string_view file_name, std::string_view stem);

// The major number in a SONAME or file name version: "libcudart.so.11.0" -> 11.
std::optional<int> so_major(std::string_view file_name, std::string_view stem);

}  // namespace gpudoctor::parse
