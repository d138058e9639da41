// The message knowledge base: it loads, it is big enough, every row names a real source and
// has a line that fires it and a near miss that does not, and the lookup tables agree with
// the code registry and the docs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "explain/line_matcher.hpp"
#include "explain_test_util.hpp"
#include "rules/registry.hpp"

namespace fs = std::filesystem;
using namespace gpudoctor;
using namespace gpudoctor::explain;
using namespace gpudoctor::explain::testing;

namespace {

int matched_row(std::string_view line) {
  LineMatcher::Scratch s;
  LineMatch m;
  return the_mkb().matcher().match(line, s, m) ? m.pattern : -1;
}

std::string id_of(int row) { return row < 0 ? "(none)" : the_mkb().patterns()[static_cast<size_t>(row)].id; }

}  // namespace

TEST(ExplainKb, LoadsAtLeastEightyPatternsWithUniqueIds) {
  const auto& p = the_mkb().patterns();
  EXPECT_GE(p.size(), 80u);
  std::set<std::string> ids;
  for (const auto& x : p) EXPECT_TRUE(ids.insert(x.id).second) << x.id;
  std::set<std::string> frameworks;
  for (const auto& x : p) frameworks.insert(x.framework);
  for (const char* fw : {"tensorflow", "xla", "pytorch", "jax", "cuda", "nvidia-smi", "container", "kernel"})
    EXPECT_TRUE(frameworks.count(fw)) << fw;
}

TEST(ExplainKb, EveryPatternFiresOnItsExampleAndWins) {
  for (size_t i = 0; i < the_mkb().patterns().size(); ++i) {
    const auto& p = the_mkb().patterns()[i];
    SCOPED_TRACE(p.id);
    ASSERT_FALSE(p.example.empty());
    EXPECT_EQ(id_of(matched_row(p.example)), p.id) << p.example;
  }
}

TEST(ExplainKb, EveryPatternStaysQuietOnItsNearMiss) {
  for (size_t i = 0; i < the_mkb().patterns().size(); ++i) {
    const auto& p = the_mkb().patterns()[i];
    SCOPED_TRACE(p.id);
    ASSERT_FALSE(p.quiet.empty());
    auto all = the_mkb().matcher().all_matches(p.quiet);
    EXPECT_EQ(std::count(all.begin(), all.end(), static_cast<int>(i)), 0) << p.quiet;
  }
}

TEST(ExplainKb, BenignAndOkRowsNeverBecomeFindings) {
  for (const auto& p : the_mkb().patterns()) {
    if (p.decision != Decision::benign && p.decision != Decision::ok) continue;
    SCOPED_TRACE(p.id);
    auto r = explain_text(p.example + "\n" + p.example + "\n", the_mkb());
    EXPECT_TRUE(r.findings.empty());
    ASSERT_EQ(r.benign.size(), 1u);
    EXPECT_EQ(r.benign[0].count, 2u);
    EXPECT_EQ(r.benign[0].kind, p.decision == Decision::ok ? "ok" : "benign");
  }
}

TEST(ExplainKb, EveryExampleThatIsAProblemYieldsAFindingWithACause) {
  std::set<std::string> codes_seen;
  for (const auto& p : the_mkb().patterns()) {
    if (p.decision == Decision::benign || p.decision == Decision::ok) continue;
    SCOPED_TRACE(p.id);
    auto r = explain_text(p.example, the_mkb());
    if (p.decision == Decision::by_lib && r.findings.empty()) continue;  // e.g. TensorRT: benign by library
    ASSERT_FALSE(r.findings.empty()) << p.example;
    for (const auto& f : r.findings) {
      EXPECT_FALSE(f.cause.empty());
      EXPECT_FALSE(f.message.empty());
      EXPECT_FALSE(f.fix.empty()) << f.code;
      codes_seen.insert(f.code);
    }
  }
  // Every explain code that reads log lines can be reached from some row's example (the
  // paste_* codes come from the context readers: ExplainContext tests reach each of them).
  for (const auto& r : rules::explain_rules()) {
    if (std::string_view(r.info.slug).substr(0, 6) == "paste_") continue;
    EXPECT_TRUE(codes_seen.count(std::string(r.info.code))) << r.info.code;
  }
}

TEST(ExplainKb, CodesTableCoversTheRegistryWithoutMutualFolds) {
  for (const auto& r : rules::explain_rules()) {
    SCOPED_TRACE(r.info.code);
    EXPECT_EQ(r.fn, nullptr);
    const CodeInfo* ci = the_mkb().code_info(r.info.code);
    ASSERT_NE(ci, nullptr);
    EXPECT_FALSE(ci->explanation.empty());
    EXPECT_FALSE(ci->fix.empty());
    for (const auto& other : ci->explains) {
      EXPECT_NE(other, r.info.code);
      const CodeInfo* oi = the_mkb().code_info(other);
      ASSERT_NE(oi, nullptr);
      EXPECT_EQ(std::count(oi->explains.begin(), oi->explains.end(), r.info.code), 0)
          << other << " and " << r.info.code << " explain each other";
    }
  }
}

TEST(ExplainKb, EveryCodeHasADocsPageWithTheRequiredSections) {
  for (const auto& r : rules::explain_rules()) {
    std::string code(r.info.code);
    SCOPED_TRACE(code);
    std::ifstream in(fs::path(GD_SOURCE_DIR) / "docs" / "findings" / (code + ".md"));
    ASSERT_TRUE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string page = ss.str();
    EXPECT_EQ(page.rfind("# " + code + " " + std::string(r.info.slug) + "\n", 0), 0u);
    for (const char* s : {"**Severity:**", "**Cause:**", "## What it means", "## How gpudoctor detects it",
                          "## How to fix", "## Example"})
      EXPECT_NE(page.find(s), std::string::npos) << s;
    EXPECT_NE(page.find("`" + std::string(r.info.cause) + "`"), std::string::npos);
  }
}

TEST(ExplainKb, ErrorLookupByNameTextAndNumber) {
  const auto& kb = the_mkb();
  auto code = [&](std::string_view s) {
    const ErrorInfo* e = kb.find_error(s);
    return e ? e->code : std::string("(none)");
  };
  EXPECT_EQ(code("CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected"), "X808");
  EXPECT_EQ(code("INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)"), "X805");
  EXPECT_EQ(code("UNKNOWN ERROR (303)"), "X805");
  EXPECT_EQ(code("804: forward compatibility was attempted on non supported HW"), "X809");
  EXPECT_EQ(code("Error 803: system has unsupported display driver / cuda driver combination"), "X817");
  EXPECT_EQ(code("CUDA_ERROR_UNKNOWN"), "X807");
  EXPECT_EQ(code("unknown error"), "X807");
  EXPECT_EQ(code("(38) : no CUDA-capable device is detected at THCGeneral.cpp:51"), "X808");  // old numbering
  EXPECT_EQ(code("CUDNN_STATUS_ALLOC_FAILED"), "X816");
  // Decoded, but no finding code of its own: a program bug, not a setup problem.
  EXPECT_EQ(code("an illegal memory access was encountered"), "");
  EXPECT_EQ(code("CUDA_ERROR_ILLEGAL_ADDRESS"), "");
  EXPECT_EQ(kb.find_error("CUDA_ERROR_ILLEGAL_ADDRESS")->number, "700");
  EXPECT_EQ(code("the weather is fine"), "(none)");
}

TEST(ExplainKb, LibraryLookupByFileNameDllAndComponent) {
  const auto& kb = the_mkb();
  auto lib = [&](std::string_view s) {
    const LibInfo* l = kb.find_lib(s);
    return l ? l->library + "/" + l->code : std::string("(none)");
  };
  EXPECT_EQ(lib("libcudart.so.11.0"), "cudart/X801");
  EXPECT_EQ(lib("/usr/local/cuda/lib64/libcudart.so.12"), "cudart/X801");
  EXPECT_EQ(lib("cudart64_110.dll"), "cudart/X801");
  EXPECT_EQ(lib("libcudnn.so.8"), "cudnn/X802");
  EXPECT_EQ(lib("libcudnn_cnn_infer.so.8"), "cudnn/X802");
  EXPECT_EQ(lib("cuDNN"), "cudnn/X802");
  EXPECT_EQ(lib("libcuda.so.1"), "libcuda/X805");
  EXPECT_EQ(lib("nvcuda.dll"), "libcuda/X805");
  EXPECT_EQ(lib("libnvinfer.so.7"), "tensorrt/benign");
  EXPECT_EQ(lib("libnvJitLink.so.12"), "nvjitlink/X801");
  EXPECT_EQ(lib("libGL.so.1"), "(none)");
  EXPECT_EQ(kb.find_lib("libcudart.so.11.0")->wanted_by, "TensorFlow 2.4-2.14");
}

TEST(ExplainKb, MalformedTablesAreRejectedWithTheirName) {
  auto t = kb::parse_table("kb/messages_x.tsv",
                           "# source: test\nid\tframework\tcode\tcause\tseverity\tprio\tpattern\tmessage\tfix\tsource\texample\tquiet\n"
                           "x.bad\tany\tX801\t\t\t\t(unclosed\tm\t\ts\te\tq\n");
  const auto& k = the_kb();
  EXPECT_THROW(MessageKb::build({&t}, MessageKb::status_tables(k), *k.table("kb/messages_libs.tsv"),
                                *k.table("kb/messages_xid.tsv"), *k.table("kb/messages_codes.tsv")),
               std::runtime_error);
  auto u = kb::parse_table("kb/messages_x.tsv",
                           "# source: test\nid\tframework\tcode\tcause\tseverity\tprio\tpattern\tmessage\tfix\tsource\texample\tquiet\n"
                           "x.nocode\tany\tZ999\t\t\t\tabcdef\tm\t\ts\te\tq\n");
  EXPECT_THROW(MessageKb::build({&u}, MessageKb::status_tables(k), *k.table("kb/messages_libs.tsv"),
                                *k.table("kb/messages_xid.tsv"), *k.table("kb/messages_codes.tsv")),
               std::runtime_error);
  // A pattern without a literal of three characters would run on every line: refused.
  auto v = kb::parse_table("kb/messages_x.tsv",
                           "# source: test\nid\tframework\tcode\tcause\tseverity\tprio\tpattern\tmessage\tfix\tsource\texample\tquiet\n"
                           "x.noatom\tany\tX801\t\t\t\t\\d+\tm\t\ts\te\tq\n");
  EXPECT_THROW(MessageKb::build({&v}, MessageKb::status_tables(k), *k.table("kb/messages_libs.tsv"),
                                *k.table("kb/messages_xid.tsv"), *k.table("kb/messages_codes.tsv")),
               std::runtime_error);
}
