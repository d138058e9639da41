#include "parse/fatbin.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "helpers/tiers.hpp"
#include "parse/elf_reader.hpp"
#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

struct EntrySpec {
  uint16_t kind;
  uint32_t header_size;
  uint64_t payload;
  uint16_t minor, major;
  uint32_t sm;
  uint64_t flags;
};

void put(std::string& out, uint64_t off, uint64_t v, unsigned width) {
  for (unsigned i = 0; i < width; ++i) out[off + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// One container in the layout of shared/research/lowlevel.md §4.2-4.3.
std::string container(const std::vector<EntrySpec>& entries) {
  std::string out(16, '\0');
  for (const EntrySpec& e : entries) {
    std::string h(e.header_size, '\0');
    put(h, 0, e.kind, 2);
    put(h, 2, 0x0101, 2);
    put(h, 4, e.header_size, 4);
    put(h, 8, e.payload, 8);
    put(h, 24, e.minor, 2);
    put(h, 26, e.major, 2);
    put(h, 28, e.sm, 4);
    put(h, 40, e.flags, 8);
    out += h + std::string(e.payload, '\xab');
  }
  put(out, 0, 0xba55ed50, 4);
  put(out, 4, 1, 2);
  put(out, 6, 16, 2);
  put(out, 8, out.size() - 16, 8);
  return out;
}

// Two containers with padding between them, covering every entry kind and flag.
std::string crafted_section() {
  return container({{2, 64, 24, 8, 1, 75, 0x11},
                    {0x10, 64, 8, 0, 0, 80, 0x11 | 0x2000},
                    {1, 80, 16, 7, 8, 75, 0x8011}}) +
         std::string(8, '\0') +
         container({{2, 112, 32, 8, 1, 100, 0x1200011},
                    {2, 64, 8, 8, 1, 90, 0x100011},
                    {0x40, 64, 0, 0, 0, 0, 0},
                    {1, 80, 16, 0, 9, 100, 0x108011}});
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

// cuobjdump from $CUOBJDUMP, the one CMake found, or the toolkit default; "" if none.
std::string cuobjdump_path() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("CUOBJDUMP")) candidates.emplace_back(env);
#ifdef GD_CUOBJDUMP
  candidates.emplace_back(GD_CUOBJDUMP);
#endif
  candidates.emplace_back("/usr/local/cuda/bin/cuobjdump");
  for (const std::string& c : candidates)
    if (!c.empty() && std::filesystem::exists(c)) return c;
  return {};
}

// "elf sm_90a" / "ptx sm_90" per entry. cuobjdump 13.5 prints an sm_100f cubin
// as sm_100, so a trailing "f" is dropped on both sides.
std::string list_key(bool elf, std::string arch) {
  if (util::ends_with(arch, "f")) arch.pop_back();
  return (elf ? "elf " : "ptx ") + arch;
}

std::multiset<std::string> cuobjdump_list(const std::string& tool, const std::string& path) {
  std::multiset<std::string> out;
  // "ELF file    3: multi.3.sm_90.cubin", "PTX file    1: multi.1.sm_90.ptx"
  for (const std::string& line : util::split_lines(run("'" + tool + "' --list-elf --list-ptx '" + path + "' 2>/dev/null"))) {
    bool elf = util::starts_with(line, "ELF file");
    if (!elf && !util::starts_with(line, "PTX file")) continue;
    std::string name = line.substr(line.find(": ") + 2);
    name = name.substr(0, name.rfind('.'));
    out.insert(list_key(elf, name.substr(name.rfind('.') + 1)));
  }
  return out;
}

std::multiset<std::string> our_list(const std::vector<FatbinEntry>& entries) {
  std::multiset<std::string> out;
  for (const FatbinEntry& e : entries)
    if (e.is_sass() || e.is_ptx()) out.insert(list_key(e.is_sass(), fatbin_arch_name(e)));
  return out;
}

TEST(FatbinTest, ParsesCraftedContainers) {
  auto r = parse_fatbin(crafted_section());
  ASSERT_TRUE(r) << r.error;
  ASSERT_EQ(r->size(), 7u);
  const FatbinEntry& ptx = (*r)[2];
  EXPECT_EQ(ptx.kind, FatbinKind::kPtx);
  EXPECT_EQ(ptx.ptx_major, 8);
  EXPECT_EQ(ptx.ptx_minor, 7);
  EXPECT_TRUE(ptx.compressed);
  EXPECT_EQ((*r)[0].ptx_major, 0);  // cubin version fields are not PTX ISA versions
  EXPECT_EQ((*r)[1].kind, FatbinKind::kElfAlt);
  EXPECT_TRUE((*r)[1].compressed);
  EXPECT_EQ((*r)[3].container, 1u);
  EXPECT_TRUE((*r)[3].family);
  EXPECT_EQ((*r)[5].kind, FatbinKind::kUnknown);
  EXPECT_EQ((*r)[5].raw_kind, 0x40);
  EXPECT_EQ(fatbin_arch_name((*r)[0]), "sm_75");
  EXPECT_EQ(fatbin_arch_name((*r)[3]), "sm_100f");
  EXPECT_EQ(fatbin_arch_name((*r)[4]), "sm_90a");

  FatbinSummary s = summarize_fatbin(*r);
  EXPECT_EQ(s.sass, (std::set<int>{75, 80, 90, 100}));
  EXPECT_EQ(s.ptx, (std::set<int>{75, 100}));
  EXPECT_EQ(s.sass_arch_specific, std::set<int>{90});
  EXPECT_EQ(s.sass_family, std::set<int>{100});
  EXPECT_EQ(s.ptx_arch_specific, std::set<int>{100});
  EXPECT_EQ(s.max_ptx_major, 9);
  EXPECT_EQ(s.max_ptx_minor, 0);
  EXPECT_EQ(s.containers, 2u);
  EXPECT_EQ(s.entries, 7u);
  EXPECT_TRUE(s.any_compressed);
}

TEST(FatbinTest, BytesWithoutMagicHoldNoEntries) {
  for (std::string_view bytes : {std::string_view(), std::string_view("short"),
                                 std::string_view("this is not a fat binary, just text.....")}) {
    auto r = parse_fatbin(bytes);
    ASSERT_TRUE(r) << r.error;
    EXPECT_TRUE(r->empty());
  }
}

TEST(FatbinTest, TruncationKeepsWholeContainersOrFails) {
  const std::string full = crafted_section();
  const std::vector<FatbinEntry> all = *parse_fatbin(full);
  for (size_t len = 0; len < full.size(); ++len) {
    auto r = parse_fatbin(std::string_view(full).substr(0, len));
    if (!r) continue;
    ASSERT_LE(r->size(), all.size()) << "length " << len;
    for (size_t i = 0; i < r->size(); ++i) EXPECT_EQ((*r)[i].sm, all[i].sm) << "length " << len;
    EXPECT_TRUE(r->empty() || r->size() == 3u) << "length " << len;
  }
}

TEST(FatbinTest, CorruptSizesAreErrorsNotLoops) {
  auto with = [](uint64_t off, uint64_t v, unsigned width) {
    std::string s = crafted_section();
    put(s, off, v, width);
    return parse_fatbin(s).error;
  };
  EXPECT_EQ(with(6, 8, 2), "fatbin container out of range");                     // headerSize < 16
  EXPECT_EQ(with(8, 0xfffffffffffffff0ull, 8), "fatbin container out of range");  // fatSize
  EXPECT_EQ(with(16 + 4, 0, 4), "fatbin entry out of range");                     // entry headerSize 0
  EXPECT_EQ(with(16 + 4, 0xffffffff, 4), "fatbin entry out of range");
  EXPECT_EQ(with(16 + 8, 0xfffffffffffffff0ull, 8), "fatbin entry out of range");  // payload
  // fatSize that ends 40 bytes into the first entry: not room for its header.
  EXPECT_EQ(with(8, 40, 8), "truncated fatbin entry header");
}

TEST(FatbinTest, ElfWithoutFatbinSectionsHasNoEntries) {
  EXPECT_EQ(parse_fatbins_in_elf("not elf").error, "not an elf file");
  const std::string path = "/usr/local/cuda/lib64/libcudart.so.13";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not installed";
  auto r = parse_fatbins_in_elf(read_file(path));
  ASSERT_TRUE(r) << r.error;
  EXPECT_TRUE(r->empty());
}

TEST(FatbinTest, CheckedInSampleListsItsTargets) {
  const std::string bytes = read_file(GD_FIXTURES "/fatbin/libgdsample.so");
  ASSERT_FALSE(bytes.empty());
  auto elf = parse_elf(bytes);
  ASSERT_TRUE(elf) << elf.error;
  EXPECT_EQ(elf->soname, "libgdsample.so.1");
  auto r = parse_fatbins_in_elf(bytes);
  ASSERT_TRUE(r) << r.error;
  FatbinSummary s = summarize_fatbin(*r);
  EXPECT_EQ(s.sass, (std::set<int>{75, 80, 90}));
  EXPECT_EQ(s.ptx, std::set<int>{90});
  EXPECT_EQ(s.max_ptx_major, 9);  // nvcc 13.0 writes PTX ISA 9.0
  EXPECT_EQ(s.max_ptx_minor, 0);
  EXPECT_EQ(s.containers, 1u);
  for (const FatbinEntry& e : *r) {
    // CUDA 13 compresses PTX by default and leaves small cubins as they are.
    EXPECT_EQ(e.compressed, e.is_ptx()) << fatbin_arch_name(e);
    EXPECT_FALSE(e.arch_specific || e.family);
  }
}

// The same fixture as cuobjdump lists it.
TEST(FatbinTest, SampleLibraryMatchesCuobjdump) {
  const std::string tool = cuobjdump_path();
  if (tool.empty()) GD_TIER_UNAVAILABLE("cuobjdump", "cuobjdump not found (set CUOBJDUMP=/path/to/cuobjdump)");
  auto r = parse_fatbins_in_elf(read_file(GD_FIXTURES "/fatbin/libgdsample.so"));
  ASSERT_TRUE(r) << r.error;
  ASSERT_FALSE(r->empty());
  EXPECT_EQ(our_list(*r), cuobjdump_list(tool, GD_FIXTURES "/fatbin/libgdsample.so"));
}

#ifdef GD_FATBIN_SAMPLES_DIR
struct Sample {
  std::string file;
  std::set<int> sass, ptx, arch_specific, family;
  bool all_compressed;
};

const std::vector<Sample> kSamples = {
    {"multi.so", {75, 80, 90}, {90}, {}, {}, false},
    {"ptx_only.so", {}, {80}, {}, {}, false},
    {"compressed.so", {75, 86}, {86}, {}, {}, true},
    {"suffixed.so", {90, 100}, {100}, {90}, {100}, false},  // built only by nvcc >= 12.9
    {"rdc.o", {80}, {80}, {}, {}, false},
};

std::string sample_path(const Sample& s) { return std::string(GD_FATBIN_SAMPLES_DIR) + "/" + s.file; }

TEST(FatbinTest, FreshNvccBuildsListTheirTargets) {
  int checked = 0;
  for (const Sample& sample : kSamples) {
    if (!std::filesystem::exists(sample_path(sample))) continue;
    SCOPED_TRACE(sample.file);
    auto r = parse_fatbins_in_elf(read_file(sample_path(sample)));
    ASSERT_TRUE(r) << r.error;
    FatbinSummary s = summarize_fatbin(*r);
    EXPECT_EQ(s.sass, sample.sass);
    EXPECT_EQ(s.ptx, sample.ptx);
    EXPECT_EQ(s.sass_arch_specific, sample.arch_specific);
    EXPECT_EQ(s.sass_family, sample.family);
    for (const FatbinEntry& e : *r) EXPECT_TRUE(e.compressed || !sample.all_compressed) << fatbin_arch_name(e);
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

TEST(FatbinTest, FreshNvccBuildsMatchCuobjdump) {
  const std::string tool = cuobjdump_path();
  if (tool.empty()) GD_TIER_UNAVAILABLE("cuobjdump", "cuobjdump not found (set CUOBJDUMP=/path/to/cuobjdump)");
  int compared = 0;
  for (const Sample& sample : kSamples) {
    if (!std::filesystem::exists(sample_path(sample))) continue;
    SCOPED_TRACE(sample.file);
    auto r = parse_fatbins_in_elf(read_file(sample_path(sample)));
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(our_list(*r), cuobjdump_list(tool, sample_path(sample)));
    ++compared;
  }
  EXPECT_GE(compared, 4) << "the fatbin samples were not built: nothing compared";
}
#else
TEST(FatbinTest, FreshNvccBuildsListTheirTargets) {
  GTEST_SKIP() << "nvcc was not found at configure time, so no fatbin samples were built";
}
#endif

// A real library with thousands of entries across hundreds of containers.
TEST(FatbinTest, CublasMatchesCuobjdump) {
  const std::string path = "/usr/local/cuda/lib64/libcublas.so.13";
  const std::string tool = cuobjdump_path();
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not installed";
  if (tool.empty()) GD_TIER_UNAVAILABLE("cuobjdump", "cuobjdump not found (set CUOBJDUMP=/path/to/cuobjdump)");
  auto r = parse_fatbins_in_elf(read_file(path));
  ASSERT_TRUE(r) << r.error;
  EXPECT_GT(summarize_fatbin(*r).containers, 1u);
  EXPECT_EQ(our_list(*r), cuobjdump_list(tool, path));
}

}  // namespace
}  // namespace gpudoctor::parse
