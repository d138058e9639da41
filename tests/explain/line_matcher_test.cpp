// LineMatcher on a hand-made pattern table: of the candidates the prefilter names, the
// best-prio row that really matches wins, so a higher-prio row that does not match must
// not hide a lower-prio one that does.
#include "explain/line_matcher.hpp"

#include <gtest/gtest.h>

#include "explain/message_kb.hpp"

using namespace gpudoctor::explain;

namespace {

MessagePattern row(std::string id, int prio, std::string pattern) {
  MessagePattern p;
  p.id = std::move(id);
  p.prio = prio;
  p.pattern = std::move(pattern);
  return p;
}

int match(const LineMatcher& m, std::string_view text, LineMatch* out = nullptr) {
  LineMatcher::Scratch s;
  LineMatch lm;
  bool ok = m.match(text, s, lm);
  if (out) *out = lm;
  return ok ? lm.pattern : -1;
}

}  // namespace

TEST(LineMatcher, ALowerPrioRowMatchesWhenTheBetterCandidatesDoNot) {
  // 0: specific, no captures; 1: specific, with a capture; 2: general, lowest prio.
  LineMatcher m({row("specific", 90, "out of memory on device 7"),
                 row("captured", 80, "out of memory in (?P<pool>pool [0-9]+)"), row("general", 10, "out of memory")});
  EXPECT_EQ(match(m, "RuntimeError: CUDA error: out of memory"), 2);
  EXPECT_EQ(match(m, "CUDA error: out of memory on device 7"), 0);
  LineMatch lm;
  EXPECT_EQ(match(m, "CUDA error: out of memory in pool 3", &lm), 1);
  ASSERT_EQ(lm.captures.size(), 1u);
  EXPECT_EQ(lm.captures[0], (std::pair<std::string, std::string>{"pool", "pool 3"}));
  EXPECT_EQ(match(m, "all fine"), -1);
  // The candidates are remembered per atom set: the same line twice through one scratch.
  LineMatcher::Scratch s;
  LineMatch a, b;
  ASSERT_TRUE(m.match("x out of memory y", s, a));
  ASSERT_TRUE(m.match("x out of memory y", s, b));
  EXPECT_EQ(a.pattern, 2);
  EXPECT_EQ(b.pattern, 2);
}
