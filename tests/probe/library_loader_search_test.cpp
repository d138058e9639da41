#include <gtest/gtest.h>

#include "probe/library_scenario.hpp"
#include "probe/loader_search.hpp"

namespace gpudoctor::probe {
namespace {

using testing::apply_manifest_line;
using testing::build_ld_so_cache;
using testing::Scenario;
using testing::SoBuilder;

// A minimal 64-byte ELF64 little-endian header for x86_64 ET_DYN.
std::string elf_header() {
  std::string h(64, '\0');
  h.replace(0, 4, "\x7f" "ELF");
  h[4] = 2;   // ELFCLASS64
  h[5] = 1;   // ELFDATA2LSB
  h[6] = 1;   // EV_CURRENT
  h[16] = 3;  // ET_DYN
  h[18] = 62;  // EM_X86_64
  h[20] = 1;  // e_version
  h[54] = 56;  // e_phentsize
  return h;
}

TEST(LoaderSearch, SplitsLdLibraryPathLikeLdSo) {
  EXPECT_TRUE(split_ld_library_path("").empty());
  EXPECT_EQ(split_ld_library_path("/a:/b"), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(split_ld_library_path("/a::/b"), (std::vector<std::string>{"/a", ".", "/b"}));
  EXPECT_EQ(split_ld_library_path(":/a;/b:"), (std::vector<std::string>{".", "/a", "/b", "."}));
}

TEST(LoaderSearch, ExpandsDynamicStringTokens) {
  auto arch = TargetArch::x86_64();
  EXPECT_EQ(expand_dst("$ORIGIN/../lib", "/opt/tf/python", arch), "/opt/tf/python/../lib");
  EXPECT_EQ(expand_dst("${ORIGIN}/x", "/o", arch), "/o/x");
  EXPECT_EQ(expand_dst("/usr/$LIB/nvidia", "", arch), "/usr/lib/x86_64-linux-gnu/nvidia");
  EXPECT_EQ(expand_dst("/opt/${PLATFORM}", "", arch), "/opt/x86_64");
  EXPECT_EQ(expand_dst("/opt/$ORIGINAL", "/o", arch), "/opt/$ORIGINAL");  // not a token
  EXPECT_EQ(expand_dst("/opt/$HOME", "/o", arch), "/opt/$HOME");
  EXPECT_FALSE(expand_dst("$ORIGIN/lib", "", arch).has_value());
}

TEST(LoaderSearch, VerifiesElfHeaderInOpenVerifyOrder) {
  auto arch = TargetArch::x86_64();
  EXPECT_EQ(verify_elf_header(elf_header(), arch).status, CandidateStatus::kLoadable);
  EXPECT_EQ(verify_elf_header(elf_header().substr(0, 63), arch).detail, "file too short");
  EXPECT_EQ(verify_elf_header(std::string(64, 'A'), arch).detail, "invalid ELF header");

  auto h = elf_header();
  h[4] = 1;
  EXPECT_EQ(verify_elf_header(h, arch).status, CandidateStatus::kWrongClass);
  h = elf_header();
  h[5] = 2;
  EXPECT_EQ(verify_elf_header(h, arch).detail, "ELF file data encoding not little-endian");
  h = elf_header();
  h[7] = 9;  // ELFOSABI_FREEBSD
  EXPECT_EQ(verify_elf_header(h, arch).detail, "ELF file OS ABI invalid");
  h = elf_header();
  h[12] = 1;
  EXPECT_EQ(verify_elf_header(h, arch).detail, "nonzero padding in e_ident");
  h = elf_header();
  h[18] = static_cast<char>(183);
  EXPECT_EQ(verify_elf_header(h, arch).status, CandidateStatus::kWrongMachine);
  h = elf_header();
  h[16] = 2;
  EXPECT_EQ(verify_elf_header(h, arch).detail, "cannot dynamically load executable");
  h = elf_header();
  h[16] = 1;
  EXPECT_EQ(verify_elf_header(h, arch).detail, "only ET_DYN and ET_EXEC can be loaded");
  h = elf_header();
  h[54] = 32;
  EXPECT_EQ(verify_elf_header(h, arch).status, CandidateStatus::kFatal);
  EXPECT_EQ(verify_elf_header(elf_header(), TargetArch::aarch64()).status, CandidateStatus::kWrongMachine);
}

class LoaderSearchTree : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!SoBuilder::instance().available()) GTEST_SKIP() << "no cc";
  }
  void line(const std::string& l) { ASSERT_EQ(apply_manifest_line(s_, l), ""); }
  LoaderEnvironment env(std::vector<std::string> llp = {}) {
    LoaderEnvironment e;
    e.ld_library_path = std::move(llp);
    e.default_dirs = {"/lib", "/usr/lib"};
    if (!s_.cache.empty()) {
      auto parsed = parse::parse_ld_so_cache(build_ld_so_cache(s_.cache));
      EXPECT_TRUE(parsed) << parsed.error;
      if (parsed) e.cache = *parsed;
    }
    return e;
  }
  RootFs fs() const { return RootFs(s_.root()); }
  Scenario s_;
};

TEST_F(LoaderSearchTree, SearchOrderIsRpathLdLibraryPathRunpathCacheDefaults) {
  for (auto d : {"/rpath", "/llp", "/runpath", "/cached", "/usr/lib"}) line(std::string("so ") + d + "/libx.so.1 libx.so.1");
  line("cache libx.so.1 /cached/libx.so.1");
  auto e = env({"/llp"});
  LoadingObject from;
  from.rpath_chain.push_back({{"/rpath"}, "/app"});
  auto r = resolve_library(fs(), "libx.so.1", e, from);
  ASSERT_GE(r.candidates.size(), 4u);
  EXPECT_EQ(r.candidates[0].path, "/rpath/libx.so.1");
  EXPECT_EQ(r.candidates[0].source, SearchSource::kRpath);
  EXPECT_EQ(r.candidates[1].source, SearchSource::kLdLibraryPath);
  EXPECT_EQ(r.candidates[2].source, SearchSource::kLdSoCache);
  EXPECT_EQ(r.candidates[2].path, "/cached/libx.so.1");
  EXPECT_EQ(r.candidates[3].source, SearchSource::kDefaultDirs);
  EXPECT_EQ(r.selected, 0);
  EXPECT_TRUE(r.candidates[0].reached);
  EXPECT_FALSE(r.candidates[1].reached);

  // With a RUNPATH the RPATH is ignored and RUNPATH comes after LD_LIBRARY_PATH.
  from.runpath = {{"$ORIGIN/../runpath"}, "/app"};
  r = resolve_library(fs(), "libx.so.1", e, from);
  ASSERT_GE(r.candidates.size(), 3u);
  EXPECT_EQ(r.candidates[0].source, SearchSource::kLdLibraryPath);
  EXPECT_EQ(r.candidates[1].source, SearchSource::kRunpath);
  EXPECT_EQ(r.candidates[1].path, "/app/../runpath/libx.so.1");  // ld.so does not normalise either
  EXPECT_EQ(r.candidates[1].dir_entry, "$ORIGIN/../runpath");
  EXPECT_EQ(r.selected, 0);

  // Without LD_LIBRARY_PATH the RUNPATH copy wins.
  r = resolve_library(fs(), "libx.so.1", env(), from);
  EXPECT_EQ(r.winner()->path, "/app/../runpath/libx.so.1");
}

TEST_F(LoaderSearchTree, NodeflibSkipsCachedSystemDirsAndDefaults) {
  line("so /usr/lib/liby.so.1 liby.so.1");
  line("cache liby.so.1 /usr/lib/liby.so.1");
  LoadingObject from;
  from.nodeflib = true;
  auto r = resolve_library(fs(), "liby.so.1", env(), from);
  EXPECT_TRUE(r.candidates.empty());
  EXPECT_EQ(r.selected, -1);
  EXPECT_EQ(r.error, "liby.so.1: cannot open shared object file: no such file or directory");
}

TEST_F(LoaderSearchTree, DirectoryIsTriedOncePerListAndMissingPathsAreListed) {
  line("so /lib/libz.so.1 libz.so.1");
  auto r = resolve_library(fs(), "libz.so.1", env({"/nope", "/nope/", "/nope"}));
  ASSERT_EQ(r.candidates.size(), 3u);  // /nope once, then /lib and /usr/lib
  EXPECT_EQ(r.candidates[0].status, CandidateStatus::kMissing);
  EXPECT_EQ(r.candidates[0].detail, "directory does not exist");
  EXPECT_EQ(r.winner()->path, "/lib/libz.so.1");
  EXPECT_EQ(r.candidates[2].status, CandidateStatus::kMissing);
}

TEST_F(LoaderSearchTree, InvalidElfEarlierOnThePathFailsTheWholeLoad) {
  line("garbage /bad/libw.so.1 100");
  line("so /lib/libw.so.1 libw.so.1");
  auto r = resolve_library(fs(), "libw.so.1", env({"/bad"}));
  EXPECT_EQ(r.selected, -1);
  EXPECT_EQ(r.fatal, 0);
  EXPECT_EQ(r.error, "/bad/libw.so.1: invalid ELF header");
  EXPECT_FALSE(r.candidates[1].reached);
  EXPECT_EQ(r.candidates[1].status, CandidateStatus::kLoadable);
}

TEST_F(LoaderSearchTree, OtherClassAndMachineAreSkipped) {
  line("so /l32/libv.so.1 libv.so.1 class=32");
  line("so /arm/libv.so.1 libv.so.1 machine=183");
  auto only_foreign = resolve_library(fs(), "libv.so.1", env({"/l32"}));
  EXPECT_EQ(only_foreign.selected, -1);
  EXPECT_EQ(only_foreign.error, "libv.so.1: wrong ELF class: ELFCLASS32");
  line("so /usr/lib/libv.so.1 libv.so.1");
  auto r = resolve_library(fs(), "libv.so.1", env({"/l32", "/arm"}));
  ASSERT_EQ(r.candidates.size(), 4u);
  EXPECT_EQ(r.candidates[0].status, CandidateStatus::kWrongClass);
  EXPECT_EQ(r.candidates[1].status, CandidateStatus::kWrongMachine);
  EXPECT_EQ(r.winner()->path, "/usr/lib/libv.so.1");
}

TEST_F(LoaderSearchTree, SymlinkLoopEndsItsListOnly) {
  line("link /loop/libu.so.1 libu.so.1");
  line("so /good/libu.so.1 libu.so.1");
  line("so /usr/lib/libu.so.1 libu.so.1");
  auto r = resolve_library(fs(), "libu.so.1", env({"/loop", "/good"}));
  ASSERT_EQ(r.candidates.size(), 4u);
  EXPECT_EQ(r.candidates[0].status, CandidateStatus::kListStop);
  EXPECT_EQ(r.candidates[0].detail, "too many levels of symbolic links");
  EXPECT_FALSE(r.candidates[1].reached);
  EXPECT_EQ(r.winner()->path, "/usr/lib/libu.so.1");
}

TEST_F(LoaderSearchTree, CacheEntriesOfAnotherAbiAreIgnored) {
  line("so /usr/lib32/libt.so.1 libt.so.1");
  line("cache libt.so.1 /usr/lib32/libt.so.1 0x0003");  // libc6 (i386) in an x86_64 cache
  auto r = resolve_library(fs(), "libt.so.1", env());
  for (const auto& c : r.candidates) EXPECT_NE(c.source, SearchSource::kLdSoCache);
  EXPECT_EQ(r.selected, -1);
}

TEST_F(LoaderSearchTree, CacheEntryToAMissingFileFallsThroughToDefaults) {
  line("so /lib/libs.so.1 libs.so.1");
  line("cache libs.so.1 /gone/libs.so.1");
  auto r = resolve_library(fs(), "libs.so.1", env());
  ASSERT_GE(r.candidates.size(), 2u);
  EXPECT_EQ(r.candidates[0].source, SearchSource::kLdSoCache);
  EXPECT_EQ(r.candidates[0].status, CandidateStatus::kMissing);
  EXPECT_EQ(r.winner()->path, "/lib/libs.so.1");
}

TEST_F(LoaderSearchTree, EmptyEntryMeansTheCurrentDirectory) {
  line("so /work/dir/libr.so.1 libr.so.1");
  auto e = env(split_ld_library_path(":"));
  e.cwd = "/work/dir";
  auto r = resolve_library(fs(), "libr.so.1", e);
  ASSERT_NE(r.winner(), nullptr);
  EXPECT_EQ(r.winner()->path, "./libr.so.1");
}

TEST_F(LoaderSearchTree, NameWithSlashIsOpenedDirectly) {
  line("so /opt/x/libq.so.1 libq.so.1");
  auto r = resolve_library(fs(), "/opt/x/libq.so.1", env({"/elsewhere"}));
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_EQ(r.candidates[0].source, SearchSource::kDirect);
  EXPECT_EQ(r.selected, 0);
}

TEST_F(LoaderSearchTree, AbsoluteSymlinksStayInsideTheRoot) {
  line("so /real/libp.so.1 libp.so.1");
  line("link /llp /real");  // absolute target: must mean <root>/real, not the host's /real
  auto r = resolve_library(fs(), "libp.so.1", env({"/llp"}));
  ASSERT_NE(r.winner(), nullptr);
  EXPECT_EQ(r.winner()->path, "/llp/libp.so.1");
}

TEST_F(LoaderSearchTree, LoadingObjectFromElfUsesItsDirectoryAsOrigin) {
  parse::ElfInfo elf;
  elf.rpath = {"$ORIGIN/../lib"};
  auto o = loading_object_from_elf(elf, "/opt/app/bin/tool");
  ASSERT_EQ(o.rpath_chain.size(), 1u);
  EXPECT_EQ(o.rpath_chain[0].origin, "/opt/app/bin");
  line("so /opt/app/lib/libo.so.1 libo.so.1");
  auto r = resolve_library(fs(), "libo.so.1", env(), o);
  ASSERT_NE(r.winner(), nullptr);
  EXPECT_EQ(r.winner()->path, "/opt/app/bin/../lib/libo.so.1");
}

TEST_F(LoaderSearchTree, DefaultDirsComeFromTheRootsLoader) {
  line("ldso /lib/aa /usr/lib/aa");
  std::string source;
  auto dirs = detect_default_dirs(fs(), TargetArch::x86_64(), &source);
  EXPECT_EQ(dirs, (std::vector<std::string>{"/lib/aa", "/usr/lib/aa"}));
  EXPECT_EQ(source, "ld.so /lib64/ld-linux-x86-64.so.2");
}

TEST_F(LoaderSearchTree, DefaultDirsFallBackToTables) {
  std::string source;
  auto lib64 = detect_default_dirs(fs(), TargetArch::x86_64(), &source);
  EXPECT_EQ(lib64, (std::vector<std::string>{"/lib64", "/usr/lib64"}));
  EXPECT_EQ(source, "table: lib64");
  line("dir /usr/lib/x86_64-linux-gnu");
  auto multiarch = detect_default_dirs(fs(), TargetArch::x86_64(), &source);
  EXPECT_EQ(multiarch.front(), "/lib/x86_64-linux-gnu");
  EXPECT_EQ(multiarch.back(), "/usr/lib");
  EXPECT_EQ(source, "table: multiarch");
}

TEST_F(LoaderSearchTree, EnvironmentRecordsCacheProblems) {
  auto missing = load_loader_environment(fs(), "/a:/b");
  EXPECT_FALSE(missing.cache.has_value());
  EXPECT_EQ(missing.cache_error, "no such file or directory");
  EXPECT_EQ(missing.ld_library_path.size(), 2u);
  testing::write_file(s_.host("/etc/ld.so.cache"), "glibc-ld.so.cache1.1 but cut");
  auto broken = load_loader_environment(fs(), "");
  EXPECT_FALSE(broken.cache.has_value());
  EXPECT_FALSE(broken.cache_error.empty());
  line("cache liba.so.1 /lib/liba.so.1");
  testing::write_file(s_.host("/etc/ld.so.cache"), build_ld_so_cache(s_.cache));
  auto good = load_loader_environment(fs(), "", "relative/ignored");
  ASSERT_TRUE(good.cache.has_value());
  EXPECT_EQ(good.cache->entries.size(), 1u);
  EXPECT_EQ(good.cwd, "/");
}

}  // namespace
}  // namespace gpudoctor::probe
