#pragma once
// Which file would the dynamic loader pick for a library name? A model of
// glibc ld.so's search (elf/dl-load.c _dl_map_object, open_path, open_verify;
// read at glibc 2.3x), run against a RootFs so it works on fixture trees and
// on images of other machines. Nothing is ever dlopen()ed.
//
// Search order for a name without '/' (ld.so(8), _dl_map_object):
//   1. DT_RPATH of the loading object, then of its loader, ... then of the
//      executable; skipped entirely when the loading object has DT_RUNPATH
//   2. LD_LIBRARY_PATH (split on ':' and ';'; an empty entry is the current
//      directory, "./" in fillin_rpath)
//   3. DT_RUNPATH of the loading object only (not inherited)
//   4. /etc/ld.so.cache: one entry for the name whose flags match this ABI
//   5. the default (trusted) directories, unless the loader has DF_1_NODEFLIB
// A name with '/' is opened as is. Inside one list a directory is tried once.
//
// What stops the search (open_verify): a missing file, EACCES, the other ELF
// class or another e_machine mean "try the next path"; a file that exists but
// is not a loadable ELF ("invalid ELF header", "file too short", wrong byte
// order, ...) makes the whole dlopen fail right there, even if a good copy
// comes later. Any other open error (ELOOP from a symlink loop, ...) ends the
// current list and the search goes on with the next one.
//
// Not modelled: glibc-hwcaps and legacy hwcap subdirectories (CUDA libraries
// do not ship per-ISA builds), objects already loaded in the process (a live
// process is the job of /proc/<pid>/maps), LD_PRELOAD, and secure-mode
// (setuid) restrictions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/elf_reader.hpp"
#include "parse/ld_so_cache.hpp"
#include "probe/root_fs.hpp"

namespace gpudoctor::probe {

// The ABI the loader of the probed system accepts.
struct TargetArch {
  std::string name = "x86_64";                    // uname -m spelling
  std::string multiarch = "x86_64-linux-gnu";     // Debian multiarch triplet
  uint16_t elf_machine = 62;                      // EM_X86_64; EM_AARCH64 = 183
  bool is_64 = true;
  bool little_endian = true;
  // ld.so.cache flags _dl_cache_check_flags accepts: FLAG_ELF_LIBC6 (0x0003) |
  // FLAG_X8664_LIB64 (0x0300) or FLAG_AARCH64_LIB64 (0x0a00) (glibc
  // sysdeps/generic/ldconfig.h, sysdeps/unix/sysv/linux/{x86_64,aarch64}/dl-cache.h).
  int32_t cache_flags = 0x0303;
  std::string dst_lib = "lib/x86_64-linux-gnu";   // what $LIB expands to
  std::string dst_platform = "x86_64";            // what $PLATFORM expands to (AT_PLATFORM)

  static TargetArch x86_64();
  static TargetArch aarch64();
  static TargetArch host();  // the ABI gpudoctor itself was built for
};

// Where a candidate path came from, in the order ld.so tries them.
enum class SearchSource { kDirect, kRpath, kLdLibraryPath, kRunpath, kLdSoCache, kDefaultDirs };

// "path", "DT_RPATH", "LD_LIBRARY_PATH", "DT_RUNPATH", "ld.so.cache", "default dirs":
// the words used in LibraryCandidate::found_via.
const char* search_source_name(SearchSource s);

// The process-wide part of the search, the same for every object loaded.
// Build it with load_loader_environment() or fill it by hand in tests.
struct LoaderEnvironment {
  TargetArch arch;
  std::vector<std::string> ld_library_path;  // already split (split_ld_library_path)
  std::optional<parse::LdCache> cache;       // nullopt when /etc/ld.so.cache is absent or unreadable
  std::string cache_error;                   // why `cache` is empty
  std::vector<std::string> default_dirs;     // without trailing '/'
  std::string default_dirs_source;           // where default_dirs came from (see detect_default_dirs)
  std::string cwd = "/";                     // relative search entries ("." from LD_LIBRARY_PATH) resolve here
  bool inhibit_cache = false;                // `ld.so --inhibit-cache`
};

// One DT_RPATH or DT_RUNPATH list with the directory $ORIGIN stands for in it.
struct SearchPathList {
  std::vector<std::string> entries;  // as stored in the ELF (parse::ElfInfo::rpath / runpath)
  std::string origin;                // directory of the object carrying the list; "" = unknown
};

// The object whose DT_NEEDED entry (or dlopen call) asks for the library. A
// default-constructed one is "a plain executable without RPATH/RUNPATH", which
// is what rules mean by "on the loader path".
struct LoadingObject {
  // DT_RPATH lists in ld.so's order: the loading object's own, then the object
  // that loaded it, and so on up to the executable. Ignored when `runpath` has
  // entries (ld.so: "When the object has the RUNPATH information we don't use
  // any RPATHs").
  std::vector<SearchPathList> rpath_chain;
  SearchPathList runpath;  // DT_RUNPATH of the loading object
  bool nodeflib = false;   // DF_1_NODEFLIB: skip cache entries in default dirs and the default dirs
};

// A LoadingObject for a library at `object_path` with the given dynamic section:
// its own RPATH (only when it has no RUNPATH) and RUNPATH, $ORIGIN = its directory.
// Callers that know the executable's RPATH append it to rpath_chain.
LoadingObject loading_object_from_elf(const parse::ElfInfo& elf, std::string_view object_path);

// What open_verify would make of one path.
enum class CandidateStatus {
  kLoadable,      // passes ld.so's checks: this is the file that gets mapped
  kMissing,       // no such file, or its directory does not exist: next path
  kNoAccess,      // EACCES: next path
  kWrongClass,    // ELF32 vs ELF64: next path ("wrong ELF class" if nothing else is found)
  kWrongMachine,  // another e_machine: next path
  kListStop,      // another open error (symlink loop, ...): the rest of this list is skipped
  kFatal,         // not a loadable ELF: dlopen fails here with `detail`
};
const char* candidate_status_name(CandidateStatus s);  // "loadable", "missing", ...

struct SearchCandidate {
  std::string path;        // directory + "/" + name, as ld.so spells it (inside the probed root)
  std::string dir_entry;   // the search-list entry before $ORIGIN/$LIB/$PLATFORM expansion
  SearchSource source = SearchSource::kDirect;
  CandidateStatus status = CandidateStatus::kMissing;
  std::string detail;      // ld.so's words or the errno text: "invalid ELF header", "no such file or directory"
  bool reached = false;    // ld.so gets to this path (nothing before it ended the search)
};

struct Resolution {
  std::string name;                         // what was asked for: "libcudart.so.12"
  std::vector<SearchCandidate> candidates;  // every path, in ld.so's order, missing ones included
  int selected = -1;                        // index of the file ld.so loads, -1 when the load fails
  int fatal = -1;                           // index of the candidate that made it fail, -1 if none
  std::string error;                        // dlerror()-style text when selected == -1

  const SearchCandidate* winner() const {
    return selected < 0 ? nullptr : &candidates[static_cast<size_t>(selected)];
  }
};

// Runs the search for `name` (a SONAME like "libcuda.so.1", or a path) and
// reports every path ld.so would consider, which one it loads, and what it
// would say when it loads none. All files are read through `fs` (only the
// first 64 bytes of each, the ELF header).
Resolution resolve_library(const RootFs& fs, std::string_view name, const LoaderEnvironment& env,
                           const LoadingObject& from = {});

// ld.so's verdict on a file from its first bytes (open_verify's header checks):
// kLoadable, kWrongClass, kWrongMachine, or kFatal with ld.so's message.
struct ElfHeaderVerdict {
  CandidateStatus status = CandidateStatus::kFatal;
  std::string detail;
};
ElfHeaderVerdict verify_elf_header(std::string_view head, const TargetArch& arch);

// LD_LIBRARY_PATH split the way ld.so does: on ':' and ';', an empty entry is
// "." (the current directory), an empty or unset variable gives no entries.
std::vector<std::string> split_ld_library_path(std::string_view value);

// Expands $ORIGIN, $LIB, $PLATFORM (also spelled ${...}) in one search entry.
// nullopt when the entry uses $ORIGIN and `origin` is "" (ld.so drops it).
std::optional<std::string> expand_dst(std::string_view entry, std::string_view origin, const TargetArch& arch);

// The architecture of the probed root, from which dynamic loader it has
// (/lib64/ld-linux-x86-64.so.2, /lib/ld-linux-aarch64.so.1); TargetArch::host()
// when neither is there.
TargetArch detect_target_arch(const RootFs& fs);

// The loader's default directories. Read from the root's own ld.so when it
// can be: glibc bakes them in as the SYSTEM_DIRS string table (elf/dl-load.c,
// generated by gen-trusted-dirs.awk from slibdir, libdir and
// user-defined-trusted-dirs). Otherwise a table: Debian/Ubuntu multiarch
// (`ld.so --help` on Debian 12 glibc 2.36-9+deb12u14, x86_64, prints exactly
// /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu, /lib, /usr/lib; aarch64 uses
// its own triplet), else upstream glibc's lib64 layout (/lib64, /usr/lib64:
// slibdir/libdir of a default x86_64 or aarch64 build, as in Fedora/RHEL).
// `source` says which ("ld.so <path>", "table: multiarch", "table: lib64").
std::vector<std::string> detect_default_dirs(const RootFs& fs, const TargetArch& arch, std::string* source);

// Everything a search needs about the probed system: arch, LD_LIBRARY_PATH (from
// `env_ld_library_path`), the parsed /etc/ld.so.cache and the default dirs.
// `cwd` is the directory relative entries mean (gpudoctor uses $PWD, else "/").
LoaderEnvironment load_loader_environment(const RootFs& fs, std::string_view env_ld_library_path,
                                          std::string cwd = "/");

}  // namespace gpudoctor::probe
