#pragma once
// Core metadata of an installed Python distribution as gpudoctor's framework probe
// needs it: the METADATA / PKG-INFO header block with Requires-Dist and
// Provides-Extra (what `pip install 'tensorflow[and-cuda]'` would add, which CUDA
// wheels a JAX plugin needs), egg-info directory names and the WHEEL tag. Names and
// the plain dist-info directory name are in dist_info.hpp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

// One Requires-Dist line: "nvidia-cudnn-cu12 (==8.9.4.25) ; extra == 'and-cuda'".
struct Requirement {
  std::string name;       // normalised: "nvidia-cudnn-cu12"
  std::string specifier;  // "==8.9.4.25", "<10.0,>=9.8" (parentheses and spaces removed)
  std::string marker;     // "extra == 'and-cuda'"
  std::string extra;      // "and-cuda" when the marker names an extra (normalised)
};

struct CoreMetadata {
  std::string name;             // as written: "tensorflow-cpu", "jax_cuda12_plugin"
  std::string version;          // "2.15.1", "2.5.1+cu121"
  std::string requires_python;  // ">=3.9"
  std::vector<Requirement> requires_dist;
  std::vector<std::string> provides_extra;  // normalised
  std::vector<std::string> classifiers;
};

// Parses the header block (continuation lines folded); stops at the first empty line,
// where the description body begins.
ParseResult<CoreMetadata> parse_core_metadata(std::string_view text);

// "tensorflow_cpu-2.15.1.dist-info" -> {"tensorflow_cpu", "2.15.1"}; also
// "foo-1.0-py3.11.egg-info" (egg_info set, the "-py3.11" dropped).
struct DistDirName {
  std::string name;
  std::string version;
  bool egg_info = false;
};
std::optional<DistDirName> parse_dist_dir_name(std::string_view dir_name);

Requirement parse_requirement(std::string_view line);

// The version pinned by "==X" in a specifier, "" otherwise.
std::string pinned_version(std::string_view specifier);
// The lower bound of ">=X" in a specifier, "" otherwise.
std::string minimum_version(std::string_view specifier);

// "Tag: cp311-cp311-manylinux_2_17_x86_64" lines of a dist-info/WHEEL file ->
// the Python version of the first cpXY tag ("3.11"); "" for pure or abi3 wheels.
std::string wheel_python_tag(std::string_view wheel_file);

}  // namespace gpudoctor::parse
