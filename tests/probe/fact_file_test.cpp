#include "probe/fact_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "probe/probes.hpp"

namespace gpudoctor::probe {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

TEST(FactText, KeepsValidUtf8AndTabs) {
  EXPECT_EQ(fact_text("NVIDIA H100 80GB HBM3"), "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(fact_text("Fedora 19 (Schr\xc3\xb6" "dinger\xe2\x80\x99s Cat)"), "Fedora 19 (Schr\xc3\xb6" "dinger\xe2\x80\x99s Cat)");
  EXPECT_EQ(fact_text("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(fact_text("a\tb"), "a\tb");
}

TEST(FactText, ReplacesControlAndInvalidBytes) {
  EXPECT_EQ(fact_text("a\0b\nc\x7f"s), "a?b?c?");
  EXPECT_EQ(fact_text("\xff\xfegarbage"), "??garbage");
  EXPECT_EQ(fact_text("\xc3\x28"), "?(");            // bad continuation
  EXPECT_EQ(fact_text("\xc0\xaf"), "??");            // overlong '/'
  EXPECT_EQ(fact_text("\xed\xa0\x80"), "???");       // UTF-16 surrogate
  EXPECT_EQ(fact_text("\xf4\x90\x80\x80"), "????");  // above U+10FFFF
  EXPECT_EQ(fact_text("\xe2\x82"), "??");            // cut short
  EXPECT_EQ(fact_text(""), "");
}

TEST(FactFile, AbsentOkAndFailed) {
  std::string tmpl = (fs::temp_directory_path() / "gd-ff-XXXXXX").string();
  std::string root = ::mkdtemp(tmpl.data());
  fs::create_directories(root + "/etc/dir");
  std::ofstream(root + "/etc/file") << "hello\n";
  ProbeContext ctx;
  ctx.fs = RootFs(root);
  EXPECT_TRUE(read_fact_file(ctx, "t", "/etc/missing").absent());
  EXPECT_TRUE(read_fact_file(ctx, "t", "/no/such/dir/file").absent());
  EXPECT_TRUE(ctx.problems.empty());
  auto ok = read_fact_file(ctx, "t", "/etc/file");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.text, "hello\n");
  auto cut = read_fact_file(ctx, "t", "/etc/file", 3);
  EXPECT_TRUE(cut.ok());
  EXPECT_TRUE(cut.truncated);
  EXPECT_EQ(cut.text, "hel");
  auto dir = read_fact_file(ctx, "t", "/etc/dir");
  EXPECT_EQ(dir.status, FactFile::Status::kFailed);
  EXPECT_EQ(dir.error, "is a directory");
  ASSERT_EQ(ctx.problems.size(), 2u);
  EXPECT_EQ(ctx.problems[0].error, "larger than 3 bytes, only the start was read");
  EXPECT_EQ(ctx.problems[1].path, "/etc/dir");
  EXPECT_TRUE(fact_exists(ctx, "t", "/etc/dir"));
  EXPECT_FALSE(fact_exists(ctx, "t", "/etc/missing"));
  fs::remove_all(root);
}

// Renderers write facts with nlohmann's strict UTF-8 check; no fixture, however
// broken, may make the facts or problems unserialisable.
TEST(FactFile, EveryFixtureGivesStrictJson) {
  auto kb = kb::Kb::load();
  for (const auto& e : fs::directory_iterator(std::string(GD_FIXTURES) + "/roots")) {
    if (!e.is_directory()) continue;
    ProbeContext ctx;
    ctx.fs = RootFs(e.path().string());
    ctx.allow_exec = false;
    facts::Facts f;
    probe_host(ctx, f.host);
    probe_pci(ctx, kb, f.pci);
    probe_kernel_driver(ctx, f.driver);
    f.problems = ctx.problems;
    EXPECT_NO_THROW((void)nlohmann::json(f).dump()) << e.path();
  }
}

}  // namespace
}  // namespace gpudoctor::probe
