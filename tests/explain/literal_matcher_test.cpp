// The Aho–Corasick prefilter finds every literal, case-insensitively, overlaps included.
#include <gtest/gtest.h>

#include <algorithm>

#include "explain/literal_matcher.hpp"

using gpudoctor::explain::LiteralMatcher;

namespace {

std::vector<int> found(const LiteralMatcher& m, std::string_view text) {
  std::vector<int> hits;
  m.find(text, hits);
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  return hits;
}

}  // namespace

TEST(ExplainLiteralMatcher, FindsOverlappingLiteralsCaseInsensitively) {
  LiteralMatcher m({"he", "she", "his", "hers", "cuinit"});
  EXPECT_EQ(found(m, "ushers"), (std::vector<int>{0, 1, 3}));
  EXPECT_EQ(found(m, "failed call to CUINIT: x"), (std::vector<int>{4}));
  EXPECT_EQ(found(m, "nothing here? no"), (std::vector<int>{0}));
  EXPECT_TRUE(found(m, "").empty());
  EXPECT_TRUE(found(m, std::string("\0\xff\x80", 3)).empty());
}

TEST(ExplainLiteralMatcher, LiteralsWithPunctuationAndRepeats) {
  LiteralMatcher m({"libcudart.so", ".so", "aaa"});
  EXPECT_EQ(found(m, "libcudart.so.11.0"), (std::vector<int>{0, 1}));
  EXPECT_EQ(found(m, "aaaa"), (std::vector<int>{2}));
  std::vector<int> hits;
  m.find("aaaa", hits);
  EXPECT_EQ(hits.size(), 2u);  // both occurrences are reported
}
