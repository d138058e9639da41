// The corpus of real log excerpts (tests/fixtures/logs/<id>.log, each with <id>.json naming
// the public thread it comes from and the root cause established there). Every case must
// yield its thread's cause; a case marked "known_miss" pins what gpudoctor says instead and
// why, so a change in either direction is noticed. The accuracy goes into
// bench/results/explain.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "explain_test_util.hpp"

namespace fs = std::filesystem;
using namespace gpudoctor::explain;
using namespace gpudoctor::explain::testing;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Case {
  std::string id;
  nlohmann::json meta;
  std::string log;
};

std::vector<Case> corpus() {
  std::vector<Case> out;
  for (const auto& e : fs::directory_iterator(fs::path(GD_FIXTURES) / "logs")) {
    if (e.path().extension() != ".log") continue;
    Case c;
    c.id = e.path().stem().string();
    c.log = slurp(e.path());
    auto side = e.path();
    side.replace_extension(".json");
    c.meta = nlohmann::json::parse(slurp(side));
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.id < b.id; });
  return out;
}

std::set<std::string> causes_md() {
  std::set<std::string> out;
  std::istringstream in(slurp(fs::path(GD_SOURCE_DIR) / ".." / "shared" / "CAUSES.md"));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("| `", 0) == 0) out.insert(line.substr(3, line.find('`', 3) - 3));
  return out;
}

}  // namespace

TEST(ExplainCorpus, EveryCaseHasItsSourceAndAKnownCause) {
  auto cases = corpus();
  ASSERT_GE(cases.size(), 60u);
  auto causes = causes_md();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.id);
    EXPECT_EQ(c.meta.value("source_url", "").rfind("https://", 0), 0u);
    EXPECT_FALSE(c.meta.value("framework", "").empty());
    EXPECT_FALSE(c.meta.value("notes", "").empty());
    std::string cause = c.meta.value("expected_cause", "");
    if (!causes.empty()) {
      EXPECT_TRUE(causes.count(cause)) << cause;
    }
  }
}

TEST(ExplainCorpus, EachCaseYieldsTheCauseEstablishedInItsThread) {
  auto cases = corpus();
  size_t right = 0;
  std::map<std::string, std::pair<int, int>> per_framework;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.id + " " + c.meta.value("source_url", ""));
    ExplainResult r = explain_text(c.log, the_mkb());
    std::string got = top_cause(r);
    std::string want = c.meta.value("expected_cause", "");
    auto& fw = per_framework[c.meta.value("framework", "")];
    ++fw.second;
    if (got == want) {
      ++right;
      ++fw.first;
      EXPECT_FALSE(c.meta.contains("known_miss")) << "a known miss now passes: remove the marker";
    } else if (c.meta.contains("known_miss")) {
      EXPECT_EQ(got, c.meta["known_miss"].value("predicted", "")) << "known miss changed";
    } else {
      ADD_FAILURE() << "predicted " << got << ", thread says " << want;
    }
  }
  std::printf("[ corpus ] %zu/%zu cases give the thread's root cause (%.1f%%)\n", right, cases.size(),
              100.0 * static_cast<double>(right) / static_cast<double>(cases.size()));
  for (const auto& [fw, n] : per_framework) std::printf("[ corpus ]   %-12s %d/%d\n", fw.c_str(), n.first, n.second);
}
