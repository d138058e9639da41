#include "parse/ld_so_cache.hpp"

#include <iterator>

// Layouts from glibc sysdeps/generic/dl-cache.h (2.33+, struct cache_file,
// struct cache_file_new, struct file_entry_new, struct cache_extension) and the
// reading logic of print_cache() in glibc elf/cache.c; flag values from
// sysdeps/generic/ldconfig.h.
//
//   old:  "ld.so-1.7.0" pad  u32 nlibs  {i32 flags; u32 key, value}[nlibs]  strings...
//   new:  "glibc-ld.so.cache" "1.1"  u32 nlibs  u32 len_strings  u8 flags  u8[3]
//         u32 extension_offset  u32[3]  {i32 flags; u32 key, value, osversion; u64 hwcap}[nlibs]
//   old+new: the new header starts at ALIGN_CACHE (8) after the old entries.
// Old-format key/value are offsets from the end of the old entry table; new-format
// ones are offsets from the start of the new header.

namespace gpudoctor::parse {
namespace {

constexpr std::string_view kOldMagic = "ld.so-1.7.0";
constexpr std::string_view kNewMagic = "glibc-ld.so.cache1.1";
constexpr uint64_t kOldHeaderSize = 16;  // magic[11], pad, nlibs
constexpr uint64_t kOldEntrySize = 12;
constexpr uint64_t kNewHeaderSize = 48;  // _Static_assert in dl-cache.h
constexpr uint64_t kNewEntrySize = 24;
constexpr uint32_t kExtensionMagic = 0xeaa42174;  // (uint32_t) -358342284
constexpr uint32_t kExtTagGenerator = 0, kExtTagGlibcHwcaps = 1;
constexpr uint64_t kHwcapExtension = uint64_t{1} << 62;  // DL_CACHE_HWCAP_EXTENSION
constexpr uint64_t kIsaLevelMask = (1u << 10) - 1;      // DL_CACHE_HWCAP_ISA_LEVEL_MASK

using Result = ParseResult<LdCache>;

// Extension sections found by the directory (cache_extension_load in dl-cache.h).
struct Extensions {
  std::string generator;
  std::string_view hwcaps;  // u32 string offsets, from the start of the file
};

// A malformed extension only costs us the generator and hwcaps names; ld.so
// ignores it too and still uses the entries, so it is not an error here.
Extensions read_extensions(const Bytes& file, uint32_t ext_off) {
  Extensions ext;
  if (ext_off == 0 || ext_off % 4 != 0) return ext;
  if (file.u32(ext_off) != kExtensionMagic) return ext;
  uint32_t count = file.u32(ext_off + 4).value_or(0);
  if (count > file.size() / 16 || !in_range(ext_off + 8, uint64_t{count} * 16, file.size())) return ext;
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = ext_off + 8 + uint64_t{i} * 16;
    uint32_t tag = file.u32(at).value_or(~0u);
    uint32_t off = file.u32(at + 8).value_or(0);
    uint32_t size = file.u32(at + 12).value_or(0);
    if (!in_range(off, size, file.size())) continue;
    std::string_view data = file.data().substr(off, size);
    if (tag == kExtTagGenerator) ext.generator = std::string(data);
    if (tag == kExtTagGlibcHwcaps && off % 4 == 0 && size % 4 == 0) ext.hwcaps = data;
  }
  return ext;
}

std::string hwcap_subdir(const Bytes& file, const Extensions& ext, bool little, uint64_t hwcap) {
  // dl_cache_hwcap_extension(): only the extension bit set in the upper half,
  // ignoring the ISA level bits; the lower half indexes the hwcaps array.
  if (((hwcap >> 32) & ~kIsaLevelMask) != (kHwcapExtension >> 32)) return {};
  uint64_t index = hwcap & 0xffffffffu;
  auto str_off = Bytes(ext.hwcaps, little).u32(index * 4);
  if (!str_off) return {};
  // elf/cache.c resolves these against the file start, not the new header.
  return std::string(file.cstr(*str_off).value_or(""));
}

Result parse_new(std::string_view bytes, uint64_t base, std::string format) {
  if (!in_range(base, kNewHeaderSize, bytes.size())) return Result::fail("truncated ld.so.cache header");
  // flags & 3: 0 unset (older ldconfig), 1 invalid, 2 little, 3 big endian.
  uint8_t endian = static_cast<uint8_t>(bytes[base + 28]) & 3;
  if (endian == 1) return Result::fail("ld.so.cache is marked invalid");
  bool little = endian != 3;
  Bytes file(bytes, little);
  Bytes strings(bytes.substr(base), little);

  uint32_t nlibs = file.u32(base + 20).value_or(0);
  uint64_t table = base + kNewHeaderSize;
  if (nlibs > bytes.size() / kNewEntrySize || !in_range(table, nlibs * kNewEntrySize, bytes.size()))
    return Result::fail("ld.so.cache entry table out of range");
  Extensions ext = read_extensions(file, file.u32(base + 32).value_or(0));

  LdCache cache{std::move(format), ext.generator, {}};
  cache.entries.reserve(nlibs);
  for (uint64_t i = 0; i < nlibs; ++i) {
    uint64_t at = table + i * kNewEntrySize;
    auto key = strings.cstr(file.u32(at + 4).value_or(~0u));
    auto value = strings.cstr(file.u32(at + 8).value_or(~0u));
    if (!key || !value) return Result::fail("ld.so.cache string offset out of range");
    LdCacheEntry e;
    e.soname = std::string(*key);
    e.path = std::string(*value);
    e.flags = static_cast<int32_t>(file.u32(at).value_or(0));
    e.is_x86_64 = e.flags == kLdCacheX8664Libc6;
    e.arch_tag = ld_cache_arch_tag(e.flags);
    e.hwcap = file.u64(at + 16).value_or(0);
    e.hwcap_subdir = hwcap_subdir(file, ext, little, e.hwcap);
    cache.entries.push_back(std::move(e));
  }
  return Result::ok(std::move(cache));
}

Result parse_old(std::string_view bytes) {
  if (bytes.size() < kOldHeaderSize) return Result::fail("truncated ld.so.cache header");
  // The old format carries no byte-order mark; it was only ever written native,
  // and every platform that still has one is little endian.
  Bytes file(bytes, true);
  uint32_t nlibs = file.u32(12).value_or(0);
  if (nlibs > (bytes.size() - kOldHeaderSize) / kOldEntrySize)
    return Result::fail("ld.so.cache entry table out of range");
  uint64_t strings_at = kOldHeaderSize + nlibs * kOldEntrySize;

  // ALIGN_CACHE: the new header follows at the next multiple of 8.
  uint64_t new_at = (strings_at + 7) & ~uint64_t{7};
  if (bytes.size() > new_at + kNewHeaderSize && bytes.substr(new_at, kNewMagic.size()) == kNewMagic)
    return parse_new(bytes, new_at, "old+new");

  Bytes strings(bytes.substr(strings_at), true);
  LdCache cache{"old", {}, {}};
  for (uint64_t i = 0; i < nlibs; ++i) {
    uint64_t at = kOldHeaderSize + i * kOldEntrySize;
    auto key = strings.cstr(file.u32(at + 4).value_or(~0u));
    auto value = strings.cstr(file.u32(at + 8).value_or(~0u));
    if (!key || !value) return Result::fail("ld.so.cache string offset out of range");
    LdCacheEntry e;
    e.soname = std::string(*key);
    e.path = std::string(*value);
    e.flags = static_cast<int32_t>(file.u32(at).value_or(0));
    e.is_x86_64 = e.flags == kLdCacheX8664Libc6;
    e.arch_tag = ld_cache_arch_tag(e.flags);
    cache.entries.push_back(std::move(e));
  }
  return Result::ok(std::move(cache));
}

}  // namespace

ParseResult<LdCache> parse_ld_so_cache(std::string_view bytes) {
  if (bytes.substr(0, kOldMagic.size()) == kOldMagic) return parse_old(bytes);
  if (bytes.substr(0, kNewMagic.size()) == kNewMagic) return parse_new(bytes, 0, "new");
  return Result::fail("not an ld.so.cache file");
}

std::string ld_cache_arch_tag(int32_t flags) {
  // print_entry() in glibc elf/cache.c: FLAG_TYPE_MASK names, then FLAG_REQUIRED_MASK.
  static constexpr const char* kType[] = {"libc4", "ELF", "libc5", "libc6"};
  static constexpr const char* kRequired[] = {
      "",             ",64bit",      ",IA-64",         ",x86-64",       ",64bit",
      ",64bit",       ",N32",        ",64bit",         ",x32",          ",hard-float",
      ",AArch64",     ",soft-float", ",nan2008",       ",N32,nan2008", ",64bit,nan2008",
      ",soft-float",  ",double-float", ",soft-float",  ",double-float"};
  uint32_t type = static_cast<uint32_t>(flags) & 0xff;
  uint32_t required = (static_cast<uint32_t>(flags) & 0xff00) >> 8;
  std::string tag = type < 4 ? kType[type] : "unknown or unsupported flag";
  if (required < std::size(kRequired)) tag += kRequired[required];
  else tag += "," + std::to_string(required << 8);
  return tag;
}

}  // namespace gpudoctor::parse
