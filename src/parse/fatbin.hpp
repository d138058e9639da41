#pragma once
// Lists what a CUDA fat binary holds (SASS cubins per SM arch, PTX per virtual
// arch) from its entry headers alone, so no decompression is needed. Answers
// "was this library built for my GPU?" offline.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

enum class FatbinKind : uint16_t {
  kUnknown = 0,
  kPtx = 1,
  kElf = 2,       // cubin (SASS)
  kElfAlt = 0x10  // also a cubin to cuobjdump --list-elf
};

struct FatbinEntry {
  FatbinKind kind = FatbinKind::kUnknown;
  uint16_t raw_kind = 0;
  int sm = 0;                  // 75, 80, 90, 100, ...
  int ptx_major = 0;           // PTX ISA version, PTX entries only
  int ptx_minor = 0;
  bool compressed = false;     // lz4 or zstd payload
  bool arch_specific = false;  // "a" target (sm_90a): runs only on that exact CC
  bool family = false;         // "f" target (sm_100f)
  uint64_t flags = 0;
  uint64_t payload_size = 0;   // padded size as stored
  uint32_t container = 0;      // index of the container holding the entry

  bool is_sass() const { return kind == FatbinKind::kElf || kind == FatbinKind::kElfAlt; }
  bool is_ptx() const { return kind == FatbinKind::kPtx; }
};

struct FatbinSummary {
  std::set<int> sass;                // every cubin arch, suffixed ones included
  std::set<int> ptx;                 // every PTX arch
  std::set<int> sass_arch_specific;  // cubins built for "a" targets
  std::set<int> sass_family;         // cubins built for "f" targets
  std::set<int> ptx_arch_specific;   // PTX for "a" targets (not portable JIT input)
  int max_ptx_major = 0;             // newest PTX ISA among PTX entries
  int max_ptx_minor = 0;
  size_t containers = 0;             // containers holding at least one entry
  size_t entries = 0;
  bool any_compressed = false;
};

// Entries of every container in the bytes of a .nv_fatbin / __nv_relfatbin section.
ParseResult<std::vector<FatbinEntry>> parse_fatbin(std::string_view section);

// parse_fatbin over the .nv_fatbin and __nv_relfatbin sections of an ELF file;
// an ELF without them yields no entries, not an error.
ParseResult<std::vector<FatbinEntry>> parse_fatbins_in_elf(std::string_view elf_bytes);

FatbinSummary summarize_fatbin(const std::vector<FatbinEntry>& entries);

// cuobjdump-style name: "sm_86", "sm_90a", "sm_100f".
std::string fatbin_arch_name(const FatbinEntry& entry);

}  // namespace gpudoctor::parse
