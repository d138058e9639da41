#pragma once
// ELF32/ELF64 reader, both byte orders: the header, section list and the
// dynamic-linking strings (SONAME, NEEDED, RPATH, RUNPATH) of a shared library.
// Pure: callers pass the file contents (or an mmap of it).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct ElfSection {
  std::string name;
  uint64_t offset = 0;  // file offset
  uint64_t size = 0;
  uint32_t type = 0;    // SHT_*; SHT_NOBITS (8) occupies no file bytes
};

struct ElfInfo {
  bool is_64 = false;
  bool little_endian = true;
  uint16_t machine = 0;  // EM_X86_64 = 62, EM_AARCH64 = 183, EM_CUDA = 190
  uint8_t osabi = 0;
  uint8_t abi_version = 0;
  uint32_t e_flags = 0;
  std::string soname;
  std::vector<std::string> needed;
  std::vector<std::string> rpath;    // DT_RPATH split on ':'
  std::vector<std::string> runpath;  // DT_RUNPATH split on ':'
  std::vector<ElfSection> sections;  // empty for stripped files without section headers
};

inline constexpr uint32_t kShtNobits = 8;

ParseResult<ElfInfo> parse_elf(std::string_view bytes);

// The first section called `name`, or nullptr.
const ElfSection* find_section(const ElfInfo& info, std::string_view name);

// The file bytes of `section`; nullopt for SHT_NOBITS or when it lies outside `bytes`.
std::optional<std::string_view> section_bytes(std::string_view bytes, const ElfSection& section);

// NUL-terminated runs of printable ASCII that start with `prefix` (e.g. a
// version banner baked into a library). At most `max_results`, each at most
// `max_len` bytes long; longer or unterminated runs are skipped.
std::vector<std::string> find_strings_with_prefix(std::string_view bytes, std::string_view prefix,
                                                  size_t max_results = 16, size_t max_len = 256);

}  // namespace gpudoctor::parse
