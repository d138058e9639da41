#pragma once
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
};
GD_JSON(CudaRoot, path, found_via, version, version_source, nvcc_path, nvcc_version, ptxas_path,
        ptxas_version, libdevice_path, problems)

struct ToolkitFacts {
  std::vector<CudaRoot> roots;
  std::string nvcc_on_path;   // first nvcc on PATH
};
GD_JSON(ToolkitFacts, roots, nvcc_on_path)

}  // namespace gpudoctor::facts
