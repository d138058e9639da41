#pragma once
// Reading a shared library's ELF facts without loading it: the file is mmap()ed
// read-only, so a 500 MB cuBLASLt costs the few pages the parser touches
// (ELF header, section table, .dynamic, .dynstr), not a 500 MB read.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse/elf_reader.hpp"
#include "probe/loader_search.hpp"
#include "probe/root_fs.hpp"

namespace gpudoctor::probe {

// A read-only private mapping of a regular file; empty for a 0-byte file.
// (framework_mapped_file.hpp's MappedFile does not open with O_NONBLOCK, so a
// FIFO planted under a library name would block it; this one is used here.)
class MappedLibraryFile {
 public:
  MappedLibraryFile() = default;
  MappedLibraryFile(MappedLibraryFile&& o) noexcept;
  MappedLibraryFile& operator=(MappedLibraryFile&& o) noexcept;
  MappedLibraryFile(const MappedLibraryFile&) = delete;
  MappedLibraryFile& operator=(const MappedLibraryFile&) = delete;
  ~MappedLibraryFile();

  // `path` is inside `fs` and must already be free of symlinks (RootFs::resolve),
  // so an absolute link in a fixture tree cannot escape the root.
  static Result<MappedLibraryFile> open(const RootFs& fs, std::string_view resolved_path);

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

struct LibraryFileOptions {
  std::vector<std::string> dynstr_needles;  // names to look for in .dynstr (exports and imports)
  std::string rodata_prefix;                // collect NUL-terminated .rodata strings starting with this
  size_t max_rodata_scan = 64u << 20;       // bytes of .rodata searched at most
  TargetArch arch;                          // for loader_verdict
};

struct LibraryFileInfo {
  std::string real_path;  // symlinks resolved, inside the root
  uint64_t size = 0;
  std::string error;      // "" when the ELF parsed: unreadable, "not a regular file", parser errors, ...
  parse::ElfInfo elf;     // valid when error is ""
  std::vector<std::string> dynstr_found;    // the needles present in .dynstr
  std::vector<std::string> rodata_strings;  // matches for rodata_prefix
  bool has_dynstr = false;                  // the file has a .dynstr section to search
  std::string elf_class;                    // "ELF64" / "ELF32" from e_ident, even when the rest is malformed
  ElfHeaderVerdict loader_verdict;          // what ld.so's open_verify says about the header
};

// Resolves `path` inside the root and parses the file it names. Errors are
// lowercase and carry the reason ("too many levels of symbolic links", "truncated
// elf header", "not a regular file"); the function never throws.
LibraryFileInfo inspect_library_file(const RootFs& fs, std::string_view path, const LibraryFileOptions& opts = {});

// "x86_64", "aarch64", "x86", "arm", "ppc64", "cuda", else "EM <n>".
std::string elf_machine_name(uint16_t machine);

}  // namespace gpudoctor::probe
