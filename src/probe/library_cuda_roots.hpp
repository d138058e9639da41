#pragma once
// Where CUDA toolkits and conda environments may live. Shared by the library
// probe (which libcudart/cuDNN/... could a user or framework pick up) and the
// toolkit probe (which nvcc/ptxas/libdevice). Search places follow what tools
// consult: numba's cuda_paths.py (conda env, CUDA_HOME then CUDA_PATH,
// /usr/local/cuda), cuda.pathfinder (CUDA_PATH/CUDA_HOME), ollama's NvcudaGlobs
// (/usr/local/cuda*/targets/*/lib, /opt/cuda, /usr/lib/wsl/lib,
// /usr/lib/wsl/drivers/*) and XLA (ptxas on PATH, libdevice under the toolkit).
#include <string>
#include <vector>

#include "probe/probe_context.hpp"

namespace gpudoctor::probe {

struct RootCandidate {
  std::string path;       // as found: "$CUDA_HOME", "/usr/local/cuda", dirname(dirname(nvcc))
  std::string found_via;  // "CUDA_HOME", "CUDA_PATH", "PATH", "/usr/local/cuda*", "/opt/cuda", "conda"
  bool from_env = false;  // named by the user (CUDA_HOME/CUDA_PATH): kept even when it holds no toolkit
};

// CUDA toolkit roots in this order: CUDA_HOME, CUDA_PATH, the toolkit of the
// first nvcc on PATH, /usr/local/cuda, /usr/local/cuda-* (sorted), /opt/cuda,
// conda prefixes holding a toolkit. Not de-duplicated (callers compare real paths).
// Only CUDA_HOME/CUDA_PATH are returned without looking like a toolkit.
std::vector<RootCandidate> cuda_root_candidates(const ProbeContext& ctx);

// Does `dir` hold toolkit files: bin/nvcc, version.json, version.txt,
// include/cuda_runtime_api.h, targets/*/include/cuda_runtime_api.h or lib64/libcudart*?
// (Not lib/libcudart*: a conda env with only the runtime is no toolkit.)
bool looks_like_cuda_root(const RootFs& fs, const std::string& dir);

// Conda prefixes: $CONDA_PREFIX, then the base installs ~/miniconda3,
// ~/anaconda3, ~/miniforge3, ~/mambaforge, /opt/conda, /opt/miniconda3 that
// exist, then their envs/* (at most 64 in all). found_via is "conda".
std::vector<RootCandidate> conda_prefixes(const ProbeContext& ctx);

// The first regular executable file called `name` in the ':'-separated `path`
// list, looked up inside the root; "" when none. Relative entries are skipped
// (they depend on a working directory the probe does not have).
std::string find_in_root_path(const RootFs& fs, const std::string& path, const std::string& name);

// When `file` is a small shell wrapper ("exec /usr/local/cuda-13.0/bin/nvcc
// \"$@\""), the absolute path it runs that ends in "/bin/<name>"; else "".
std::string wrapper_target(const RootFs& fs, const std::string& file, const std::string& name);

}  // namespace gpudoctor::probe
