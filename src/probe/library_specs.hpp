#pragma once
// The libraries gpudoctor looks for, with the SONAMEs each CUDA generation
// used. SONAMEs of toolkit libraries 11.0-13.0: NVIDIA/cuda-python
// cuda_pathfinder/cuda/pathfinder/_dynamic_libs/supported_nvidia_libs.py
// (@076d7b42, generated from the 11.0.3 ... 13.0.0 runfiles). Older ones
// (CUDA 10: libcudart.so.10.x, libcublas.so.10, libcufft.so.10,
// libcusolver.so.10, libcusparse.so.10) are the names TensorFlow 1.x/2.0-2.3
// asked for in its "Could not load dynamic library" messages.
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::probe {

// Where a library's version can be read, tried in the order listed.
enum class VersionSource {
  kFileName,     // real file "libcudart.so.12.2.140" (at least major.minor)
  kHeader,       // a header next to the library (see LibrarySpec::headers)
  kDistInfo,     // a wheel's RECORD lists the file
  kVersionJson,  // the toolkit root's version.json, component LibrarySpec::version_json_key
  kRodata,       // a banner in .rodata starting with LibrarySpec::rodata_prefix
  kSonameMajor,  // last resort: the major from the SONAME or file name
  kSameBytes,    // a versioned file in the same directory with the very same bytes (a copy
                 // that lost its name: `cp -L libcuda.so.1`, a Dockerfile COPY of the directory)
};

// A header that states the version, and how to read it.
enum class HeaderKind { kCudnn, kNccl, kCudart, kTensorRt };
struct HeaderSpec {
  std::string_view file;  // may contain "{major}" (cudnn_version_v9.h)
  HeaderKind kind;
};

struct LibrarySpec {
  std::string_view id;       // "cudart"
  std::string_view display;  // "CUDA runtime (cudart)"
  std::string_view stem;     // "libcudart": files are <stem>.so[.<version>]
  std::vector<std::string_view> sonames;      // newest first
  std::vector<std::string_view> extra_names;  // also resolved, not "wanted" ("libcuda.so")
  bool driver_lib = false;   // installed by the driver (libcuda, NVML), not by a toolkit
  std::vector<VersionSource> version_order;
  std::vector<HeaderSpec> headers;
  std::string_view version_json_key;  // "cuda_cudart"
  std::string_view rodata_prefix;     // "NCCL version "
  std::vector<std::string_view> dist_prefixes;  // dist-info names that may carry it ("nvidia_cudnn")
};

const std::vector<LibrarySpec>& library_specs();

}  // namespace gpudoctor::probe
