// The three outputs: text in the main report's style, JSON with schema_version, findings
// (each with cause and lines) and benign, Markdown for bug reports.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "explain/explain_render.hpp"
#include "explain_test_util.hpp"

using namespace gpudoctor::explain;
using namespace gpudoctor::explain::testing;

namespace {

const char* kLog =
    "Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file\n"
    "successful NUMA node read from SysFS had negative value (-1), but there must be at least one NUMA node\n"
    "Cannot dlopen some GPU libraries. Please make sure the missing libraries mentioned above are installed\n";

ReportMeta meta() {
  ReportMeta m;
  m.source = "train.log";
  m.gpudoctor_version = "0.1.0";
  m.kb_date = "2026-11-28";
  m.kb_origin = "embedded";
  return m;
}

}  // namespace

TEST(ExplainRender, JsonHasSchemaFindingsWithCauseAndBenign) {
  auto r = explain_text(kLog, the_mkb());
  auto j = nlohmann::json::parse(render_json(r, meta()));
  EXPECT_EQ(j["schema_version"], kExplainSchemaVersion);
  EXPECT_EQ(j["kind"], "explain");
  EXPECT_EQ(j["source"], "train.log");
  EXPECT_TRUE(j["gpu_problem_found"].get<bool>());
  ASSERT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings"][0]["code"], "X801");
  EXPECT_EQ(j["findings"][0]["cause"], "cuda_libs_missing");
  EXPECT_EQ(j["findings"][0]["lines"][0]["line"], 1);
  EXPECT_EQ(j["findings"][0]["lines"][0]["pattern"], "tf.dso_load_failed");
  EXPECT_EQ(j["findings"][1]["explained_by"], "X801");
  ASSERT_EQ(j["benign"].size(), 1u);
  EXPECT_EQ(j["benign"][0]["pattern"], "tf.numa_negative");
  EXPECT_EQ(j["benign"][0]["lines"][0]["line"], 2);
  EXPECT_EQ(j["stats"]["lines"], 3);
}

TEST(ExplainRender, JsonStaysValidOnInvalidUtf8) {
  std::string log = "failed call to cuInit: CUDA_ERROR_NO_DEVICE \xc3\x28 \xff\n";
  auto r = explain_text(log, the_mkb());
  std::string out = render_json(r, meta());
  EXPECT_TRUE(nlohmann::json::accept(out)) << out;
}

TEST(ExplainRender, TextPutsTheRootFirstAndListsNoise) {
  auto r = explain_text(kLog, the_mkb());
  std::string t = render_text(r, meta(), TextStyle{});
  auto root = t.find("error [X801]");
  auto also = t.find("which also explains:");
  auto consequence = t.find("error [X823]");
  ASSERT_NE(root, std::string::npos);
  ASSERT_NE(also, std::string::npos);
  EXPECT_LT(root, also);
  EXPECT_LT(also, consequence);
  EXPECT_NE(t.find("· line 1: Could not load dynamic library 'libcudart.so.11.0'"), std::string::npos);
  EXPECT_NE(t.find("Harmless lines (benign):"), std::string::npos);
  EXPECT_NE(t.find("line 2: NUMA node unknown"), std::string::npos);
  EXPECT_NE(t.find("Root cause: libcudart.so.11.0 could not be loaded"), std::string::npos);
  EXPECT_EQ(t.find("\033["), std::string::npos);  // no colour unless asked
}

TEST(ExplainRender, TextForACleanLog) {
  auto r = explain_text("Epoch 1/10\nloss: 0.1\n", the_mkb());
  EXPECT_NE(render_text(r, meta(), TextStyle{}).find("No known GPU problem in this log"), std::string::npos);
}

TEST(ExplainRender, MarkdownHasVerdictFindingsAndDetails) {
  auto r = explain_text(kLog, the_mkb());
  std::string md = render_markdown(r, meta());
  EXPECT_EQ(md.rfind("## gpudoctor explain\n", 0), 0u);
  EXPECT_NE(md.find("**Verdict:** `X801`"), std::string::npos);
  EXPECT_NE(md.find("- **error** `X801` (log_cuda_libs_not_loadable, cause `cuda_libs_missing`)"), std::string::npos);
  EXPECT_NE(md.find("<details><summary>Recognised harmless lines</summary>"), std::string::npos);
}

// Found by fuzz/explain_fuzz.cpp: invalid bytes inside a captured error reached the message.
TEST(ExplainRender, InvalidUtf8InACapturedValueKeepsJsonValid) {
  std::string log = "RuntimeError: Unable to initialize backend 'cuda': INVALID_ARGUMENT: Misma";
  log += std::string(40, '\xff');
  log += "tched PJRT plugin PJRT API version (0.54) and framework PJRT API version 0.51).\n";
  log += "failed call to cuInit: CUDA_ERROR_\xff\xfe NEW\n";
  auto r = explain_text(log, the_mkb());
  ASSERT_FALSE(r.findings.empty());
  for (const auto& f : r.findings) EXPECT_EQ(f.message.find('\xff'), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(render_json(r, meta())));
}
