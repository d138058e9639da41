#pragma once
#include <cstdint>
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
  std::string stub_reason;      // why is_stub: "under a stubs/ directory", "no cudbg* driver exports", ...
  std::string elf_machine;      // "x86_64", "aarch64", "EM 40"; another machine is skipped by the loader
  std::string loader_status;    // ld.so's verdict on the file: "loadable", "invalid ELF header", "file too short",
                                // "wrong ELF class: ELFCLASS32", ... ("" when not checked)
  uint64_t size = 0;            // bytes of the real file
};
GD_JSON(LibraryCandidate, path, real_path, soname, version, version_source, found_via, on_loader_path,
        is_stub, elf_class, error, stub_reason, elf_machine, loader_status, size)

// What dlopen("<name>") from a plain process (no RPATH/RUNPATH) would do.
struct LibraryResolution {
  std::string name;      // "libcudart.so.12", "libcuda.so"
  int selected = -1;     // index into LibraryFacts::candidates, -1 when the load fails
  std::string error;     // dlerror()-style reason when selected == -1:
                         // "libcuda.so.1: cannot open shared object file: no such file or directory",
                         // "/opt/x/libcudart.so.12: invalid ELF header"
  std::vector<std::string> searched;  // every path ld.so tries, in order, "<found_via> <path>"
};
GD_JSON(LibraryResolution, name, selected, error, searched)

struct LibraryFacts {
  std::string id;        // "libcuda", "cudart", "cudnn", ...
  std::string display;   // "CUDA driver (libcuda)"
  std::vector<std::string> sonames_wanted;  // e.g. {"libcuda.so.1"}
  std::vector<LibraryCandidate> candidates;
  int selected = -1;     // index of the candidate dlopen would load, -1 none: the winner for the first
                         // name in sonames_wanted that resolves (they are listed newest major first)
  // One per name in sonames_wanted, plus names some callers use instead (libcuda: the
  // unversioned "libcuda.so" that numba and LLVM's offload plugin try first, and the only
  // name the toolkit's stub answers to).
  std::vector<LibraryResolution> resolutions;
  std::vector<std::string> majors_found;  // distinct SONAME majors among candidates, newest first ("13", "12")
};
GD_JSON(LibraryFacts, id, display, sonames_wanted, candidates, selected, resolutions, majors_found)

struct LoaderFacts {
  std::vector<std::string> ld_library_path;   // split, in order
  std::vector<std::string> cache_dirs;        // directories present in /etc/ld.so.cache
  int cache_entries = 0;
  std::string cache_format;                   // "glibc-ld.so.cache1.1", "ld.so-1.7.0",
                                              // "ld.so-1.7.0+glibc-ld.so.cache1.1" (old table, then new), ""
  std::vector<std::string> default_dirs;
  std::string default_dirs_source;            // "ld.so /lib64/ld-linux-x86-64.so.2", "table: multiarch", ...
  std::string arch;                           // "x86_64", "aarch64": the ABI searches are made for
  std::string cache_generator;                // ldconfig version recorded in the cache, when present
  std::string cache_error;                    // why cache_format is "" (missing, unreadable, malformed)
};
GD_JSON(LoaderFacts, ld_library_path, cache_dirs, cache_entries, cache_format, default_dirs, default_dirs_source,
        arch, cache_generator, cache_error)

}  // namespace gpudoctor::facts
