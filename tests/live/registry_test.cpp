// Every live code: unique, well-formed, with a cause from docs/causes.md, a docs page with
// the required sections, and tests that name it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "helpers/test_sources.hpp"
#include "kb/embedded.hpp"
#include "rules/registry.hpp"

using namespace gpudoctor;

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

TEST(LiveRegistry, CodesAreUniqueWellFormedAndHaveKnownCauses) {
  const auto kCauses = testkit::cause_vocabulary();
  ASSERT_GT(kCauses.size(), 30u) << "docs/causes.md not found or not parsed";
  std::set<std::string> codes, slugs;
  std::regex pattern("^(R9[0-9][0-9]|S95[0-9])$");
  for (const auto& r : rules::live_rules()) {
    std::string code(r.info.code);
    EXPECT_TRUE(std::regex_match(code, pattern)) << code;
    EXPECT_TRUE(codes.insert(code).second) << "duplicate " << code;
    EXPECT_TRUE(slugs.insert(std::string(r.info.slug)).second) << "duplicate " << r.info.slug;
    EXPECT_TRUE(kCauses.count(std::string(r.info.cause))) << code << ": " << r.info.cause;
    EXPECT_NE(r.fn, nullptr) << code;
    EXPECT_FALSE(r.info.summary.empty()) << code;
  }
  EXPECT_GE(codes.size(), 30u);
}

TEST(LiveRegistry, EveryCodeHasADocsPageWithTheRequiredSections) {
  for (const auto& r : rules::live_rules()) {
    std::string code(r.info.code);
    std::string page;
    for (const auto& f : kb::embedded_files())
      if (f.path == "docs/findings/" + code + ".md") page = std::string(f.content);
    ASSERT_FALSE(page.empty()) << "no docs/findings/" << code << ".md";
    EXPECT_EQ(page.rfind("# " + code + " " + std::string(r.info.slug) + "\n", 0), 0u) << code;
    for (const char* section : {"**Severity:**", "**Cause:**", "## What it means", "## How gpudoctor detects it",
                                "## How to fix", "## Example"})
      EXPECT_NE(page.find(section), std::string::npos) << code << " lacks " << section;
    EXPECT_NE(page.find("**Severity:** " + std::string(findings::to_string(r.info.severity))), std::string::npos)
        << code;
    EXPECT_NE(page.find("**Cause:** `" + std::string(r.info.cause) + "`"), std::string::npos) << code;
  }
}

// A test named after the code (LiveRuleR904...) for firing and one for staying quiet.
TEST(LiveRegistry, EveryCodeHasAFiringAndAQuietTest) {
  std::string tests;
  for (const auto& e : std::filesystem::directory_iterator(std::string(GD_SOURCE_DIR) + "/tests/live"))
    if (e.path().extension() == ".cpp") tests += read(e.path());
  for (const auto& r : rules::live_rules()) {
    std::string suite = "TEST(LiveRule" + std::string(r.info.code) + ",";
    size_t n = 0;
    for (size_t at = tests.find(suite); at != std::string::npos; at = tests.find(suite, at + 1)) ++n;
    EXPECT_GE(n, 2u) << r.info.code;
    EXPECT_NE(tests.find(suite + " Quiet"), std::string::npos) << r.info.code << " has no Quiet... test";
  }
}
