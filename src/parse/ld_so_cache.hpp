#pragma once
// Reader for /etc/ld.so.cache, the soname -> path table the dynamic loader
// consults before the default directories. Read directly (not via `ldconfig -p`)
// so a container image or a chroot can be inspected without running its tools.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

// FLAG_ELF_LIBC6 | FLAG_X8664_LIB64 (glibc sysdeps/generic/ldconfig.h): what
// ld.so on x86-64 accepts (sysdeps/unix/sysv/linux/x86_64/dl-cache.h).
inline constexpr int32_t kLdCacheX8664Libc6 = 0x0303;

struct LdCacheEntry {
  std::string soname;
  std::string path;
  int32_t flags = 0;
  bool is_x86_64 = false;    // flags == kLdCacheX8664Libc6
  std::string arch_tag;      // as `ldconfig -p` prints it: "libc6,x86-64", "libc6"
  uint64_t hwcap = 0;
  std::string hwcap_subdir;  // glibc-hwcaps subdirectory ("x86-64-v3"), empty when none
};

struct LdCache {
  std::string format;     // "new", "old", or "old+new" (old table followed by a new one)
  std::string generator;  // ldconfig version from the extension block, when present
  std::vector<LdCacheEntry> entries;  // in file order (the loader's search order)
};

ParseResult<LdCache> parse_ld_so_cache(std::string_view bytes);

// "libc6,x86-64" for 0x0303, mirroring print_entry in glibc elf/cache.c.
std::string ld_cache_arch_tag(int32_t flags);

}  // namespace gpudoctor::parse
