// Which GPU processes are the command's: by pid, else by timing (uncertain).
#include <gtest/gtest.h>

#include "run/attribution.hpp"

using namespace gpudoctor::run;

namespace {

std::vector<GpuSample> gpus(size_t n) {
  std::vector<GpuSample> g(n);
  for (size_t i = 0; i < n; ++i) g[i].index = static_cast<int>(i);
  return g;
}

}  // namespace

TEST(Attribution, ByPid) {
  std::set<unsigned> tree = {100, 101}, visible = {1, 100, 101, 200};
  std::set<unsigned> baseline = {200};
  AttributionInput in{[&](unsigned p) { return tree.count(p) > 0; }, [&](unsigned p) { return visible.count(p) > 0; },
                      &baseline};
  auto g = gpus(2);
  attribute({{{101, 3u << 30}, {200, 1u << 30}}, {{4000001, 1u << 30}}}, in, g);
  EXPECT_EQ(g[0].our_pids, std::vector<unsigned>{101});
  EXPECT_EQ(g[0].ours_bytes, 3ull << 30);
  EXPECT_TRUE(g[1].our_pids.empty());
  // A pid matched, so the invisible process on GPU 1 is not guessed to be ours.
  EXPECT_TRUE(g[1].uncertain_pids.empty());
}

TEST(Attribution, FallsBackToTimingWhenNoPidMatches) {
  std::set<unsigned> visible = {1, 100};
  std::set<unsigned> baseline = {4000000};
  AttributionInput in{[](unsigned p) { return p == 100; }, [&](unsigned p) { return visible.count(p) > 0; }, &baseline};
  auto g = gpus(1);
  attribute({{{1, 1u << 30}, {4000000, 1u << 30}, {4000001, 2u << 30}}}, in, g);
  EXPECT_TRUE(g[0].our_pids.empty());
  // pid 1 is visible (someone else's here), 4000000 was there before the command.
  EXPECT_EQ(g[0].uncertain_pids, std::vector<unsigned>{4000001});
  EXPECT_EQ(g[0].uncertain_bytes, 2ull << 30);
}

TEST(Attribution, NothingOnTheGpu) {
  AttributionInput in{[](unsigned) { return false; }, [](unsigned) { return true; }, nullptr};
  auto g = gpus(1);
  attribute({{}}, in, g);
  EXPECT_TRUE(g[0].our_pids.empty());
  EXPECT_TRUE(g[0].uncertain_pids.empty());
  EXPECT_EQ(g[0].ours_bytes, 0u);
}
