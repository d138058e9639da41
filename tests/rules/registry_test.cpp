// Every finding code: unique, well-formed, with a cause from CAUSES.md, a docs page
// with the required sections, and tests that mention it (fires and quiet).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "kb/embedded.hpp"
#include "rules/registry.hpp"

namespace fs = std::filesystem;
using gpudoctor::rules::all_rules;

static std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The cause vocabulary: shared/CAUSES.md when present, else the copy in docs/.
static std::set<std::string> causes() {
  std::set<std::string> out;
  for (fs::path p : {fs::path(GD_SOURCE_DIR) / "../shared/CAUSES.md", fs::path(GD_SOURCE_DIR) / "docs/causes.md"}) {
    if (!fs::exists(p)) continue;
    std::string text = slurp(p);
    std::regex row(R"(^\| `([a-z0-9_]+)` \|)", std::regex::multiline);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it)
      out.insert((*it)[1]);
    if (!out.empty()) break;
  }
  return out;
}

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
  auto vocab = causes();
  ASSERT_GT(vocab.size(), 30u) << "CAUSES.md not found or not parsed";
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
  std::string all;
  std::error_code ec;  // fixture trees hold symlink loops on purpose
  for (const auto& e : fs::recursive_directory_iterator(fs::path(GD_SOURCE_DIR) / "tests", ec)) {
    std::error_code fec;
    if (e.is_regular_file(fec) && (e.path().extension() == ".cpp" || e.path().extension() == ".json"))
      all += slurp(e.path());
  }
  for (const auto& r : all_rules())
    EXPECT_NE(all.find("\"" + std::string(r.info.code) + "\""), std::string::npos)
        << r.info.code << " is named in no test";
}
