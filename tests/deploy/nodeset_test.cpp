// Node-name folding for `gpudoctor fleet`, against ClusterShell's `nodeset -f` (Debian
// package clustershell) as the oracle: fixed cases whose oracle output was recorded,
// and, when nodeset is installed, a few hundred generated sets compared live.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <sstream>

#include "../cli/cli_test_util.hpp"
#include "fleet/nodeset.hpp"

namespace {

using gpudoctor::fleet::fold_nodeset;

struct Case {
  std::vector<std::string> names;
  std::string folded;  // what `nodeset -f` 1.9.1 printed for them
};

TEST(Nodeset, FoldsLikeClusterShell) {
  const std::vector<Case> cases = {
      {{"gpu01", "gpu02", "gpu03", "gpu07", "gpu10", "node-a1", "node-a2"}, "gpu[01-03,07,10],node-a[1-2]"},
      {{"gpu01", "gpu02", "gpu1", "gpu3"}, "gpu[1,3,01-02]"},
      {{"a", "b", "gpu9", "gpu10", "gpu11"}, "a,b,gpu[9-11]"},
      {{"gpu001", "gpu002", "gpu010", "gpu1000"}, "gpu[001-002,010,1000]"},
      {{"r1n1", "r1n2", "r2n1", "r2n2"}, "r[1-2]n[1-2]"},
      {{"r1n1", "r1n2", "r2n1"}, "r1n[1-2],r2n1"},
      {{"r1n1", "r2n1", "r3n1", "r1n2"}, "r[2-3]n1,r1n[1-2]"},
      {{"n1a", "n2a", "n3b"}, "n[1-2]a,n3b"},
      {{"gpu0", "gpu00", "gpu-1"}, "gpu[0,00],gpu-1"},
      {{"x9", "x10", "X1"}, "X1,x[9-10]"},
      {{"gpu08", "gpu09", "gpu10"}, "gpu[08-10]"},
      {{"gpu8", "gpu9", "gpu10", "gpu08", "gpu09"}, "gpu[8-9,08-10]"},
      {{"gpu9", "gpu10", "gpu08"}, "gpu[9,08,10]"},
      {{"gpu999", "gpu1000"}, "gpu[999-1000]"},
      {{"gpu", "gpu1"}, "gpu,gpu1"},
      {{"1", "2", "3"}, "[1-3]"},
      {{"rack1-gpu01", "rack1-gpu02", "rack2-gpu01", "rack2-gpu02", "rack2-gpu03"}, "rack2-gpu[01-03],rack1-gpu[01-02]"},
      {{"gpu99999999999999999998", "gpu99999999999999999999", "gpu100000000000000000000"},
       "gpu[99999999999999999998-100000000000000000000]"},
      {{"gpu01", "gpu01", "gpu02"}, "gpu[01-02]"},
  };
  for (const auto& c : cases) EXPECT_EQ(fold_nodeset(c.names), c.folded) << ::testing::PrintToString(c.names);
  EXPECT_EQ(fold_nodeset({}), "");
}

// Deterministic sets of one- and two-number names (gpu042, node-7-ib, r2n05, login).
std::vector<std::vector<std::string>> generated_sets(int count) {
  uint64_t x = 88172645463325252ull;
  auto next = [&](uint64_t n) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x % n;
  };
  std::vector<std::vector<std::string>> sets;
  for (int s = 0; s < count; ++s) {
    std::set<std::string> names;
    for (uint64_t k = 0, n = 1 + next(40); k < n; ++k) {
      std::string num = std::to_string(next(130));
      uint64_t width = next(5);
      if (next(10) < 7 && num.size() < width) num = std::string(width - num.size(), '0') + num;
      switch (next(10)) {
        case 0: names.insert(next(2) ? "login" : "gpu"); break;
        case 1: case 2: names.insert("node-" + num + "-ib"); break;
        case 3: case 4: names.insert("r" + std::to_string(1 + next(4)) + "n" + num); break;
        default: names.insert("gpu" + num);
      }
    }
    sets.emplace_back(names.begin(), names.end());
  }
  return sets;
}

TEST(Nodeset, AgreesWithNodesetOnGeneratedSets) {
  if (gdtest::run_shell("command -v nodeset").exit_code != 0) GTEST_SKIP() << "nodeset not installed (apt-get install clustershell)";
  auto sets = generated_sets(150);
  // One nodeset call per set, all in one shell: nodeset's Python start-up dominates.
  std::string script;
  for (const auto& s : sets) {
    script += "nodeset -f";
    for (const auto& n : s) script += " " + n;
    script += "\n";
  }
  auto r = gdtest::run_shell("sh -c '" + script + "' 2>&1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::istringstream in(r.out);
  std::string line;
  size_t i = 0;
  while (std::getline(in, line) && i < sets.size()) {
    EXPECT_EQ(fold_nodeset(sets[i]), line) << ::testing::PrintToString(sets[i]);
    ++i;
  }
  EXPECT_EQ(i, sets.size());
}

}  // namespace
