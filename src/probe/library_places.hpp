#pragma once
// Directories scanned for library files beyond what the loader itself would
// try: every place a user, a framework or a tool might point at.
#include <string>
#include <vector>

#include "probe/loader_search.hpp"
#include "probe/probe_context.hpp"

namespace gpudoctor::probe {

struct SearchPlace {
  std::string dir;        // as spelled ("/usr/local/cuda/lib64")
  std::string found_via;  // LibraryCandidate::found_via for files found here
};

// In this order: LD_LIBRARY_PATH entries, directories named in ld.so.cache
// ("ld.so.cache dir": files there that ldconfig has not cached), default dirs,
// then lib64, lib, targets/*/lib and their stubs/ of: CUDA_HOME and CUDA_PATH,
// conda prefixes ("conda"), the other CUDA roots ("PATH", "/usr/local/cuda*",
// "/opt/cuda"); then WSL's /usr/lib/wsl/lib and
// /usr/lib/wsl/drivers/* ("wsl"), driver package dirs such as
// /usr/lib/<triplet>/nvidia/current ("driver dir"), and TensorRT tarball
// installs /usr/local/TensorRT*/lib ("TensorRT dir"). Directories that do not
// exist are left out; duplicates (same real directory) keep their first entry.
std::vector<SearchPlace> library_search_places(const ProbeContext& ctx, const LoaderEnvironment& env);

}  // namespace gpudoctor::probe
