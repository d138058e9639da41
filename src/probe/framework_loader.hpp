#pragma once
// Which file dlopen("<soname>") would load when the call comes from a given shared
// object, following glibc's order (ld.so(8), elf/dl-load.c _dl_map_object):
//   1. the caller's DT_RPATH (only when it has no DT_RUNPATH), then the executable's
//   2. LD_LIBRARY_PATH
//   3. the caller's DT_RUNPATH
//   4. /etc/ld.so.cache
//   5. the default directories
// $ORIGIN expands to the directory of the caller's real path. Frameworks find the pip
// nvidia-* wheels this way ($ORIGIN/../nvidia/cudnn/lib), which is why TensorFlow
// (DT_RUNPATH) can be shadowed by LD_LIBRARY_PATH and PyTorch (DT_RPATH) cannot.
// Not modelled: libraries already loaded by another module, hwcaps subdirectories,
// ELF class checks of the candidates.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "facts/facts.hpp"
#include "probe/probe_context.hpp"

namespace gpudoctor::probe {

struct SearchDir {
  std::string dir;   // absolute, $ORIGIN expanded
  std::string via;   // "RUNPATH $ORIGIN/../nvidia/cudnn/lib", "LD_LIBRARY_PATH", "default dirs", ...
};

struct Resolution {
  std::string path;       // "" when nothing would load
  std::string found_via;
  std::vector<SearchDir> searched;
};

class SonameResolver {
 public:
  SonameResolver(ProbeContext& ctx, const facts::Facts& facts);

  // The search order for a dlopen from `caller` (its real path) with these dynamic tags.
  // `exe_rpath`/`exe_origin`: the executable's DT_RPATH (conda's python has $ORIGIN/../lib).
  std::vector<SearchDir> search_order(std::string_view caller, const std::vector<std::string>& rpath,
                                      const std::vector<std::string>& runpath,
                                      const std::vector<std::string>& exe_rpath = {},
                                      std::string_view exe_origin = "") const;
  Resolution resolve(std::string_view soname, const std::vector<SearchDir>& order) const;

  // Files named "<stem>*" (stem "libcudnn.so.") in the search order's directories and
  // in ld.so.cache: every major of a library this process could reach.
  std::vector<std::string> reachable_with_stem(std::string_view stem, const std::vector<SearchDir>& order) const;

 private:
  const std::vector<std::string>& listing(const std::string& dir) const;

  ProbeContext& ctx_;
  std::vector<std::string> ld_library_path_;
  std::vector<std::string> default_dirs_;
  std::vector<std::pair<std::string, std::string>> cache_;  // soname -> path (x86-64 entries)
  mutable std::map<std::string, std::vector<std::string>> listings_;
};

// Expands $ORIGIN / ${ORIGIN} with `origin`; "" for entries with other tokens ($LIB, $PLATFORM).
std::string expand_origin(std::string_view entry, std::string_view origin);

}  // namespace gpudoctor::probe
