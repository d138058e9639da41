#include "findings/finding.hpp"

#include <gtest/gtest.h>

using namespace gpudoctor::findings;

static Finding mk(std::string code, Severity s, std::vector<std::string> explains = {}) {
  Finding f;
  f.code = std::move(code);
  f.severity = s;
  f.explains = std::move(explains);
  return f;
}

TEST(Fold, RootCausesComeFirstAndConsequencesAreMarked) {
  std::vector<Finding> v{mk("L301", Severity::error), mk("E505", Severity::warning),
                         mk("H101", Severity::error, {"L301"})};
  fold(v);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].code, "H101");
  EXPECT_EQ(v[1].code, "E505");
  EXPECT_EQ(v[2].code, "L301");
  EXPECT_EQ(v[2].explained_by, "H101");
  EXPECT_FALSE(gpu_usable(v));
}

TEST(Fold, MutualClaimsStayAtTopLevel) {
  std::vector<Finding> v{mk("A1", Severity::error, {"B1"}), mk("B1", Severity::error, {"A1"})};
  fold(v);
  EXPECT_TRUE(v[0].explained_by.empty());
  EXPECT_TRUE(v[1].explained_by.empty());
}

TEST(Fold, WarningsAloneLeaveTheGpuUsable) {
  std::vector<Finding> v{mk("E505", Severity::warning)};
  EXPECT_TRUE(gpu_usable(v));
}
