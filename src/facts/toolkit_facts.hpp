#pragma once
#include <map>
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

struct CudaRoot {
  std::string path;           // "/usr/local/cuda-13.0"
  std::string found_via;      // "CUDA_HOME", "/usr/local/cuda*", "PATH", "conda", ...
  std::string version;        // "13.0.88"
  std::string version_source; // "version.json", "nvcc --version", "cuda_runtime_api.h", "dist-info"
  std::string nvcc_path;
  std::string nvcc_version;
  std::string ptxas_path;
  std::string ptxas_version;
  std::string libdevice_path;  // nvvm/libdevice/libdevice.10.bc
  std::vector<std::string> problems;
  std::string real_path;                 // symlinks resolved ("/usr/local/cuda" -> "/usr/local/cuda-13.0")
  std::vector<std::string> aliases;      // other spellings found for the same real root
  std::string nvcc_version_source;       // "nvcc --version", "version.json", "dist-info nvidia_cuda_nvcc-13.0.88"
  std::string ptxas_version_source;      // "ptxas --version", or where nvcc's version came from (same package)
  std::map<std::string, std::string> components;  // version.json components: "cuda_cudart" -> "13.0.96"
};
GD_JSON(CudaRoot, path, found_via, version, version_source, nvcc_path, nvcc_version, ptxas_path,
        ptxas_version, libdevice_path, problems, real_path, aliases, nvcc_version_source, ptxas_version_source,
        components)

struct ToolkitFacts {
  std::vector<CudaRoot> roots;
  std::string nvcc_on_path;   // first nvcc on PATH
  std::string ptxas_on_path;  // first ptxas on PATH (what XLA runs when no toolkit path is configured)
};
GD_JSON(ToolkitFacts, roots, nvcc_on_path, ptxas_on_path)

}  // namespace gpudoctor::facts
