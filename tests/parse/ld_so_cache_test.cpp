#include "parse/ld_so_cache.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

struct Lib {
  int32_t flags;
  std::string soname, path;
  uint64_t hwcap = 0;
};

// Writes caches in the layouts of glibc sysdeps/generic/dl-cache.h.
class CacheBuilder {
 public:
  explicit CacheBuilder(bool big = false) : big_(big) {}

  // The new format at the current end of the buffer. Strings follow the entry
  // table, then the extension directory (generator + glibc-hwcaps), as
  // elf/cache.c writes them.
  std::string& add_new(const std::vector<Lib>& libs, const std::string& generator = "",
                       const std::vector<std::string>& hwcaps = {}, uint8_t endian_flags = 2) {
    const uint64_t base = out_.size();
    out_ += "glibc-ld.so.cache1.1";
    out_.resize(base + 48 + 24 * libs.size(), '\0');
    put(base + 20, libs.size(), 4);
    out_[base + 28] = static_cast<char>(endian_flags);
    const uint64_t strings = out_.size();
    for (size_t i = 0; i < libs.size(); ++i) {
      const uint64_t at = base + 48 + 24 * i;
      put(at, static_cast<uint32_t>(libs[i].flags), 4);
      put(at + 4, add_string(libs[i].soname) - base, 4);
      put(at + 8, add_string(libs[i].path) - base, 4);
      put(at + 16, libs[i].hwcap, 8);
    }
    std::vector<uint64_t> hwcap_offsets;
    for (const std::string& h : hwcaps) hwcap_offsets.push_back(add_string(h));  // file offsets
    put(base + 24, out_.size() - strings, 4);
    if (!generator.empty()) {
      out_.resize((out_.size() + 3) / 4 * 4, '\0');
      const uint64_t ext = out_.size();
      const uint64_t count = hwcaps.empty() ? 1 : 2;
      out_.resize(ext + 8 + 16 * count, '\0');
      put(base + 32, ext, 4);
      put(ext, 0xeaa42174, 4);
      put(ext + 4, count, 4);
      put(ext + 8, 0, 4);  // generator
      put(ext + 16, out_.size(), 4);
      put(ext + 20, generator.size(), 4);
      out_ += generator;
      if (!hwcaps.empty()) {
        out_.resize((out_.size() + 3) / 4 * 4, '\0');
        put(ext + 24, 1, 4);  // glibc-hwcaps
        put(ext + 32, out_.size(), 4);
        put(ext + 36, 4 * hwcaps.size(), 4);
        for (uint64_t off : hwcap_offsets) {
          out_.resize(out_.size() + 4, '\0');
          put(out_.size() - 4, off, 4);
        }
      }
    }
    return out_;
  }

  // The old format; with `then_new`, a new table follows aligned to 8 as
  // ldconfig's compat format writes it.
  std::string& add_old(const std::vector<Lib>& libs, const std::vector<Lib>* then_new = nullptr) {
    out_ = "ld.so-1.7.0";
    out_.resize(16 + 12 * libs.size(), '\0');
    put(12, libs.size(), 4);
    const uint64_t strings = out_.size();
    if (then_new != nullptr) {
      out_.resize((out_.size() + 7) / 8 * 8, '\0');
      add_new(*then_new);
    }
    for (size_t i = 0; i < libs.size(); ++i) {
      put(16 + 12 * i, static_cast<uint32_t>(libs[i].flags), 4);
      put(16 + 12 * i + 4, add_string(libs[i].soname) - strings, 4);
      put(16 + 12 * i + 8, add_string(libs[i].path) - strings, 4);
    }
    return out_;
  }

  void put(uint64_t off, uint64_t v, unsigned width) {
    for (unsigned i = 0; i < width; ++i) {
      unsigned shift = big_ ? 8 * (width - 1 - i) : 8 * i;
      out_[off + i] = static_cast<char>((v >> shift) & 0xff);
    }
  }

 private:
  uint64_t add_string(const std::string& s) {
    uint64_t at = out_.size();
    out_ += s;
    out_ += '\0';
    return at;
  }
  bool big_;
  std::string out_;
};

const std::vector<Lib> kLibs = {
    {0x0303, "libcuda.so.1", "/usr/lib/x86_64-linux-gnu/libcuda.so.1"},
    {0x0003, "libcuda.so.1", "/usr/lib32/libcuda.so.1"},
    {0x0a03, "libz.so.1", "/lib/aarch64-linux-gnu/libz.so.1"},
};

TEST(LdSoCacheTest, ParsesNewFormatWithExtensions) {
  std::vector<Lib> libs = kLibs;
  libs.push_back({0x0303, "libm.so.6", "/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libm.so.6",
                  (uint64_t{1} << 62) | (uint64_t{3} << 32) | 1});
  std::string bytes = CacheBuilder().add_new(libs, "ldconfig (test) 2.99", {"x86-64-v2", "x86-64-v3"});
  auto r = parse_ld_so_cache(bytes);
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->format, "new");
  EXPECT_EQ(r->generator, "ldconfig (test) 2.99");
  ASSERT_EQ(r->entries.size(), 4u);
  EXPECT_EQ(r->entries[0].soname, "libcuda.so.1");
  EXPECT_EQ(r->entries[0].path, "/usr/lib/x86_64-linux-gnu/libcuda.so.1");
  EXPECT_TRUE(r->entries[0].is_x86_64);
  EXPECT_EQ(r->entries[0].arch_tag, "libc6,x86-64");
  EXPECT_FALSE(r->entries[1].is_x86_64);
  EXPECT_EQ(r->entries[1].arch_tag, "libc6");
  EXPECT_EQ(r->entries[2].arch_tag, "libc6,AArch64");
  EXPECT_EQ(r->entries[2].hwcap_subdir, "");
  EXPECT_EQ(r->entries[3].hwcap_subdir, "x86-64-v3");
}

TEST(LdSoCacheTest, ParsesBigEndianNewFormat) {
  std::string bytes = CacheBuilder(true).add_new(kLibs, "gen", {}, 3);
  auto r = parse_ld_so_cache(bytes);
  ASSERT_TRUE(r) << r.error;
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[0].flags, 0x0303);
  EXPECT_EQ(r->entries[2].path, "/lib/aarch64-linux-gnu/libz.so.1");
  EXPECT_EQ(r->generator, "gen");
}

TEST(LdSoCacheTest, UnsetEndianMarkIsReadAsLittleEndian) {
  auto r = parse_ld_so_cache(CacheBuilder().add_new(kLibs, "", {}, 0));
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->entries.size(), 3u);
}

TEST(LdSoCacheTest, InvalidEndianMarkIsAnError) {
  EXPECT_EQ(parse_ld_so_cache(CacheBuilder().add_new(kLibs, "", {}, 1)).error, "ld.so.cache is marked invalid");
}

TEST(LdSoCacheTest, ParsesOldFormat) {
  auto r = parse_ld_so_cache(CacheBuilder().add_old(kLibs));
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->format, "old");
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[1].soname, "libcuda.so.1");
  EXPECT_EQ(r->entries[1].path, "/usr/lib32/libcuda.so.1");
  EXPECT_EQ(r->entries[1].arch_tag, "libc6");
}

TEST(LdSoCacheTest, OldFormatFollowedByNewUsesTheNewTable) {
  const std::vector<Lib> newer = {{0x0303, "libnew.so.2", "/opt/new/libnew.so.2"}};
  for (size_t n_old : {0, 1, 2, 3}) {  // every padding size before the aligned new header
    SCOPED_TRACE(n_old);
    std::vector<Lib> old(kLibs.begin(), kLibs.begin() + static_cast<long>(n_old));
    auto r = parse_ld_so_cache(CacheBuilder().add_old(old, &newer));
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r->format, "old+new");
    ASSERT_EQ(r->entries.size(), 1u);
    EXPECT_EQ(r->entries[0].soname, "libnew.so.2");
    EXPECT_EQ(r->entries[0].path, "/opt/new/libnew.so.2");
  }
}

TEST(LdSoCacheTest, RejectsMalformedInput) {
  EXPECT_EQ(parse_ld_so_cache("").error, "not an ld.so.cache file");
  EXPECT_EQ(parse_ld_so_cache("glibc-ld.so.cache1.0 and more bytes to fill the header..........").error,
            "not an ld.so.cache file");
  EXPECT_EQ(parse_ld_so_cache("glibc-ld.so.cache1.1").error, "truncated ld.so.cache header");
  EXPECT_EQ(parse_ld_so_cache("ld.so-1.7.0").error, "truncated ld.so.cache header");

  CacheBuilder huge_count;
  std::string& bytes = huge_count.add_new(kLibs);
  huge_count.put(20, 0xffffffff, 4);
  EXPECT_EQ(parse_ld_so_cache(bytes).error, "ld.so.cache entry table out of range");

  CacheBuilder bad_key;
  std::string& bytes2 = bad_key.add_new(kLibs);
  bad_key.put(48 + 24 + 4, 0xfffffff0, 4);
  EXPECT_EQ(parse_ld_so_cache(bytes2).error, "ld.so.cache string offset out of range");

  CacheBuilder old_count;
  std::string& bytes3 = old_count.add_old(kLibs);
  old_count.put(12, 0x40000000, 4);
  EXPECT_EQ(parse_ld_so_cache(bytes3).error, "ld.so.cache entry table out of range");
}

TEST(LdSoCacheTest, MalformedExtensionKeepsTheEntries) {
  CacheBuilder b;
  std::string& bytes = b.add_new(kLibs, "gen", {"x86-64-v3"});
  b.put(32, 0xfffffff0, 4);  // extension_offset past the end
  auto r = parse_ld_so_cache(bytes);
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->generator, "");
}

TEST(LdSoCacheTest, EveryTruncationBeforeTheStringsEndIsAnError) {
  for (bool old : {false, true}) {
    const std::string full = old ? CacheBuilder().add_old(kLibs) : CacheBuilder().add_new(kLibs);
    for (size_t len = 0; len < full.size(); ++len) {
      auto r = parse_ld_so_cache(std::string_view(full).substr(0, len));
      EXPECT_FALSE(r) << (old ? "old" : "new") << " length " << len;
    }
  }
}

TEST(LdSoCacheTest, ArchTagsFollowLdconfig) {
  EXPECT_EQ(ld_cache_arch_tag(0x0303), "libc6,x86-64");
  EXPECT_EQ(ld_cache_arch_tag(0x0003), "libc6");
  EXPECT_EQ(ld_cache_arch_tag(0x0803), "libc6,x32");
  EXPECT_EQ(ld_cache_arch_tag(0x0903), "libc6,hard-float");
  EXPECT_EQ(ld_cache_arch_tag(0x1003), "libc6,double-float");
  EXPECT_EQ(ld_cache_arch_tag(0x7f03), "libc6,32512");
  EXPECT_EQ(ld_cache_arch_tag(0x0307), "unknown or unsupported flag,x86-64");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// The real cache of this machine, read by us and by `ldconfig -p` independently.
TEST(LdSoCacheTest, RealCacheMatchesLdconfig) {
  const std::string path = "/etc/ld.so.cache";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " does not exist";
  std::string listing = run("PATH=\"$PATH:/sbin:/usr/sbin\" ldconfig -p 2>/dev/null");
  if (listing.empty()) GTEST_SKIP() << "ldconfig -p printed nothing";
  auto r = parse_ld_so_cache(read_file(path));
  ASSERT_TRUE(r) << r.error;

  std::set<std::tuple<std::string, std::string, std::string>> ours;
  for (const LdCacheEntry& e : r->entries) ours.emplace(e.soname, e.path, e.arch_tag);

  std::vector<std::string> lines = util::split_lines(listing);
  ASSERT_FALSE(lines.empty());
  // "649 libs found in cache `/etc/ld.so.cache'"
  EXPECT_EQ(util::parse_int(util::split(lines[0], ' ')[0]), static_cast<long long>(r->entries.size()));
  size_t compared = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    // "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1"
    std::string_view line = util::trim(lines[i]);
    size_t open = line.find(" ("), arrow = line.rfind(") => ");
    if (open == std::string_view::npos || arrow == std::string_view::npos) continue;
    std::string soname(line.substr(0, open));
    std::string tag(line.substr(open + 2, arrow - open - 2));
    tag = tag.substr(0, tag.find(", hwcap:"));
    std::string lib_path(line.substr(arrow + 5));
    EXPECT_TRUE(ours.count({soname, lib_path, tag})) << soname << " (" << tag << ") => " << lib_path;
    ++compared;
  }
  EXPECT_EQ(compared, r->entries.size());
  bool any_x86_64 = false;
  for (const LdCacheEntry& e : r->entries) any_x86_64 = any_x86_64 || e.is_x86_64;
#if defined(__x86_64__)
  EXPECT_TRUE(any_x86_64);
#endif
}

}  // namespace
}  // namespace gpudoctor::parse
