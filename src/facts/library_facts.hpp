#pragma once
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// One file that could satisfy a library request, in the order the loader would try it.
struct LibraryCandidate {
  std::string path;           // as found, e.g. "/usr/local/cuda/lib64/libcudart.so.13"
  std::string real_path;      // symlinks resolved
  std::string soname;         // DT_SONAME from the ELF
  std::string version;        // "13.0.96", "" when unknown
  std::string version_source; // "file name", "cudnn_version.h", "dist-info", "ELF", ...
  std::string found_via;      // "LD_LIBRARY_PATH", "ld.so.cache", "default dirs", "CUDA_HOME",
                              // "/usr/local/cuda*", "conda", "wsl", "pip wheel"
  bool on_loader_path = false;  // reachable by dlopen("<soname>") from a plain process
  bool is_stub = false;         // the toolkit's stubs/libcuda.so
  std::string elf_class;        // "ELF64", "ELF32"; wrong class is skipped by the loader
  std::string error;            // unreadable, malformed ELF, ...
};
GD_JSON(LibraryCandidate, path, real_path, soname, version, version_source, found_via, on_loader_path,
        is_stub, elf_class, error)

struct LibraryFacts {
  std::string id;        // "libcuda", "cudart", "cudnn", ...
  std::string display;   // "CUDA driver (libcuda)"
  std::vector<std::string> sonames_wanted;  // e.g. {"libcuda.so.1"}
  std::vector<LibraryCandidate> candidates;
  int selected = -1;     // index of the candidate dlopen would load, -1 none
};
GD_JSON(LibraryFacts, id, display, sonames_wanted, candidates, selected)

struct LoaderFacts {
  std::vector<std::string> ld_library_path;   // split, in order
  std::vector<std::string> cache_dirs;        // directories present in /etc/ld.so.cache
  int cache_entries = 0;
  std::string cache_format;                   // "glibc-ld.so.cache1.1", "ld.so-1.7.0", ""
  std::vector<std::string> default_dirs;
};
GD_JSON(LoaderFacts, ld_library_path, cache_dirs, cache_entries, cache_format, default_dirs)

}  // namespace gpudoctor::facts
