#include "parse/fatbin.hpp"

#include <algorithm>
#include <utility>

#include "parse/elf_reader.hpp"

// Layouts from shared/research/lowlevel.md §4 (ZLUDA dark_api.rs quoting NVIDIA's
// fatbinary.h, GrigoryEvko/nvopen-tools FORMAT_SPECIFICATION.md, offsets checked
// against nvcc 13.0 output). All fields are little endian: every CUDA host is.
//
// Container (16 bytes):  u32 magic 0xBA55ED50, u16 version, u16 headerSize, u64 fatSize
//                        (bytes after the header).
// Entry (headerSize >= 64, payload follows at entry + headerSize):
//   +0 u16 kind (1 PTX, 2 ELF, 0x10 ELF alt)   +4 u32 headerSize   +8 u64 padded payload size
//   +24 u16 minor, +26 u16 major (PTX ISA for PTX)   +28 u32 SM arch   +40 u64 flags

namespace gpudoctor::parse {
namespace {

constexpr uint32_t kContainerMagic = 0xba55ed50;
constexpr uint64_t kContainerHeaderSize = 16;
constexpr uint64_t kMinEntryHeaderSize = 48;  // up to and including the flags word
constexpr uint64_t kFlagLz4 = 0x2000, kFlagZstd = 0x8000;
constexpr uint64_t kFlagArchSpecific = 0x100000;  // observed on sm_90a/100a/120a (lowlevel.md §4.3)
constexpr uint64_t kFlagFamily = 0x200000;        // observed on sm_100f

using Result = ParseResult<std::vector<FatbinEntry>>;

FatbinEntry read_entry(const Bytes& b, uint64_t at, uint32_t container) {
  FatbinEntry e;
  e.raw_kind = b.u16(at).value_or(0);
  switch (e.raw_kind) {
    case 1: e.kind = FatbinKind::kPtx; break;
    case 2: e.kind = FatbinKind::kElf; break;
    case 0x10: e.kind = FatbinKind::kElfAlt; break;
    default: e.kind = FatbinKind::kUnknown; break;
  }
  e.payload_size = b.u64(at + 8).value_or(0);
  if (e.kind == FatbinKind::kPtx) {
    e.ptx_minor = b.u16(at + 24).value_or(0);
    e.ptx_major = b.u16(at + 26).value_or(0);
  }
  // The arch is a small number; clamp so a corrupt value cannot turn negative.
  e.sm = static_cast<int>(std::min<uint32_t>(b.u32(at + 28).value_or(0), 1u << 30));
  e.flags = b.u64(at + 40).value_or(0);
  e.compressed = (e.flags & (kFlagLz4 | kFlagZstd)) != 0;
  e.arch_specific = (e.flags & kFlagArchSpecific) != 0;
  e.family = (e.flags & kFlagFamily) != 0;
  e.container = container;
  return e;
}

// Walks one section; container indices continue from `*containers`.
std::string walk(std::string_view section, uint32_t* containers, std::vector<FatbinEntry>* out) {
  Bytes b(section, true);
  // Containers sit at 8-byte alignment, back to back or with padding between
  // them; a corrupt size moves `off` forward or fails, so the loop ends.
  for (uint64_t off = 0; off + kContainerHeaderSize <= b.size();) {
    if (b.u32(off) != kContainerMagic) {
      off += 8;
      continue;
    }
    uint64_t header = b.u16(off + 6).value_or(0);
    uint64_t fat_size = b.u64(off + 8).value_or(0);
    if (header < kContainerHeaderSize || !in_range(off, header, b.size()) ||
        !in_range(off + header, fat_size, b.size()))
      return "fatbin container out of range";
    uint64_t end = off + header + fat_size;
    for (uint64_t at = off + header; at < end;) {
      if (end - at < kMinEntryHeaderSize) return "truncated fatbin entry header";
      uint64_t entry_header = b.u32(at + 4).value_or(0);
      uint64_t payload = b.u64(at + 8).value_or(0);
      if (entry_header < kMinEntryHeaderSize || !in_range(at, entry_header, end) ||
          !in_range(at + entry_header, payload, end))
        return "fatbin entry out of range";
      out->push_back(read_entry(b, at, *containers));
      at += entry_header + payload;  // entry_header >= 48, so `at` always advances
    }
    ++*containers;
    off = (end + 7) & ~uint64_t{7};
    if (off < end) break;  // wrapped: end was within 7 of 2^64
  }
  return {};
}

}  // namespace

ParseResult<std::vector<FatbinEntry>> parse_fatbin(std::string_view section) {
  std::vector<FatbinEntry> entries;
  uint32_t containers = 0;
  if (auto err = walk(section, &containers, &entries); !err.empty()) return Result::fail(err);
  return Result::ok(std::move(entries));
}

ParseResult<std::vector<FatbinEntry>> parse_fatbins_in_elf(std::string_view elf_bytes) {
  auto elf = parse_elf(elf_bytes);
  if (!elf) return Result::fail(elf.error);
  std::vector<FatbinEntry> entries;
  uint32_t containers = 0;
  // .nv_fatbin holds device code of a linked library; __nv_relfatbin holds the
  // relocatable (-rdc) inputs (FATBIN_*_SECTION_NAME in fatbinary_section.h).
  for (const ElfSection& s : elf->sections) {
    if (s.name != ".nv_fatbin" && s.name != "__nv_relfatbin") continue;
    auto bytes = section_bytes(elf_bytes, s);
    if (!bytes) return Result::fail("fatbin section out of range");
    if (auto err = walk(*bytes, &containers, &entries); !err.empty()) return Result::fail(err);
  }
  return Result::ok(std::move(entries));
}

FatbinSummary summarize_fatbin(const std::vector<FatbinEntry>& entries) {
  FatbinSummary s;
  std::set<uint32_t> containers;
  for (const FatbinEntry& e : entries) {
    containers.insert(e.container);
    s.any_compressed = s.any_compressed || e.compressed;
    if (e.is_sass()) {
      s.sass.insert(e.sm);
      if (e.arch_specific) s.sass_arch_specific.insert(e.sm);
      if (e.family) s.sass_family.insert(e.sm);
    } else if (e.is_ptx()) {
      s.ptx.insert(e.sm);
      if (e.arch_specific) s.ptx_arch_specific.insert(e.sm);
      if (std::pair(e.ptx_major, e.ptx_minor) > std::pair(s.max_ptx_major, s.max_ptx_minor)) {
        s.max_ptx_major = e.ptx_major;
        s.max_ptx_minor = e.ptx_minor;
      }
    }
  }
  s.containers = containers.size();
  s.entries = entries.size();
  return s;
}

std::string fatbin_arch_name(const FatbinEntry& entry) {
  std::string name = "sm_" + std::to_string(entry.sm);
  if (entry.arch_specific) name += 'a';
  else if (entry.family) name += 'f';
  return name;
}

}  // namespace gpudoctor::parse
