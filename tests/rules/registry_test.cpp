// Every finding code: unique, well-formed, with a cause from docs/causes.md, a docs page
// with the required sections, and test code that uses it (a comment does not count).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "helpers/test_sources.hpp"
#include "kb/embedded.hpp"
#include "rules/registry.hpp"

using gpudoctor::rules::all_rules;

TEST(Registry, CodesAreUniqueAndWellFormed) {
  std::set<std::string> codes, slugs;
  std::regex code_re("[A-Z][0-9]{3}"), slug_re("[a-z0-9_]+");
  for (const auto& r : all_rules()) {
    std::string code(r.info.code), slug(r.info.slug);
    EXPECT_TRUE(std::regex_match(code, code_re)) << code;
    EXPECT_TRUE(std::regex_match(slug, slug_re)) << slug;
    EXPECT_TRUE(codes.insert(code).second) << "duplicate code " << code;
    EXPECT_TRUE(slugs.insert(slug).second) << "duplicate slug " << slug;
    EXPECT_FALSE(r.info.summary.empty()) << code;
  }
  EXPECT_GE(codes.size(), 25u);
}

TEST(Registry, EveryCauseIsFromTheVocabulary) {
  auto vocab = gpudoctor::testkit::cause_vocabulary();
  ASSERT_GT(vocab.size(), 30u) << "docs/causes.md not found or not parsed";
  for (const auto& r : all_rules()) EXPECT_TRUE(vocab.count(std::string(r.info.cause))) << r.info.code << " " << r.info.cause;
}

TEST(Registry, EveryCodeHasADocsPageWithTheRequiredSections) {
  for (const auto& r : all_rules()) {
    std::string path = "docs/findings/" + std::string(r.info.code) + ".md";
    std::string_view page;
    for (const auto& f : gpudoctor::kb::embedded_files())
      if (f.path == path) page = f.content;
    ASSERT_FALSE(page.empty()) << path << " is missing (or not embedded)";
    std::string heading = "# " + std::string(r.info.code) + " " + std::string(r.info.slug) + "\n";
    EXPECT_EQ(page.substr(0, heading.size()), heading) << path;
    for (const char* section : {"**Severity:**", "**Cause:**", "## What it means", "## How gpudoctor detects it",
                                "## How to fix", "## Example"})
      EXPECT_NE(page.find(section), std::string_view::npos) << path << " lacks " << section;
    EXPECT_NE(page.find("`" + std::string(r.info.cause) + "`"), std::string_view::npos) << path << " names another cause";
  }
}

TEST(Registry, EveryCodeIsExercisedByATest) {
  std::string code_text = gpudoctor::testkit::test_code_text();
  for (const auto& r : all_rules())
    EXPECT_NE(code_text.find("\"" + std::string(r.info.code) + "\""), std::string::npos)
        << r.info.code << " is used by no test (comments do not count)";
}

// The check above really ignores comments.
TEST(Registry, ACodeNamedOnlyInACommentIsNotExercised) {
  using gpudoctor::testkit::strip_cpp_comments;
  EXPECT_EQ(strip_cpp_comments("int a; // fires(\"E501\")\n").find("\"E501\""), std::string::npos);
  EXPECT_EQ(strip_cpp_comments("/* \"E501\" */ x").find("\"E501\""), std::string::npos);
  EXPECT_NE(strip_cpp_comments("fires(f, \"E501\"); // quiet").find("\"E501\""), std::string::npos);
  EXPECT_NE(strip_cpp_comments("auto u = \"http://x\"; f(\"E501\");").find("\"E501\""), std::string::npos);
  EXPECT_NE(strip_cpp_comments("R\"(// \"E501\")\"").find("\"E501\""), std::string::npos);
}
