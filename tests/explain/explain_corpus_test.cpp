// The corpus of real log excerpts (tests/fixtures/logs/<id>.log, each with <id>.json naming
// the public thread it comes from and the root cause established there). Every case must
// yield its thread's cause; a case marked "known_miss" pins what gpudoctor says instead and
// why, so a change in either direction is noticed. The accuracy goes into
// bench/results/explain.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "explain_test_util.hpp"
#include "helpers/test_sources.hpp"

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


}  // namespace

TEST(ExplainCorpus, EveryCaseHasItsSourceAndAKnownCause) {
  auto cases = corpus();
  ASSERT_GE(cases.size(), 75u);
  auto causes = gpudoctor::testkit::cause_vocabulary();
  ASSERT_GT(causes.size(), 30u) << "docs/causes.md not found or not parsed";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.id);
    EXPECT_EQ(c.meta.value("source_url", "").rfind("https://", 0), 0u);
    EXPECT_FALSE(c.meta.value("framework", "").empty());
    EXPECT_FALSE(c.meta.value("notes", "").empty());
    std::string cause = c.meta.value("expected_cause", "");
    EXPECT_TRUE(causes.count(cause)) << cause;
  }
}

// The accuracy means little if one framework dominates or no case tests the quiet side.
TEST(ExplainCorpus, SpreadsOverFrameworksAndHasBenignOnlyCases) {
  std::map<std::string, int> n;
  int benign = 0;
  for (const auto& c : corpus()) {
    ++n[c.meta.value("framework", "")];
    if (c.meta.value("expected_cause", "") == "benign") ++benign;
  }
  EXPECT_GE(n["tensorflow"], 12);
  EXPECT_GE(n["pytorch"], 12);
  EXPECT_GE(n["jax"], 12);
  EXPECT_GE(benign, 6);
}

TEST(ExplainCorpus, EachCaseYieldsTheCauseEstablishedInItsThread) {
  auto cases = corpus();
  // Per framework: root-cause cases right/total, benign-only cases quiet/total.
  struct Tally {
    int root_right = 0, root_total = 0, benign_right = 0, benign_total = 0;
  };
  std::map<std::string, Tally> per_framework;
  Tally all;
  std::vector<std::string> misses;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.id + " " + c.meta.value("source_url", ""));
    ExplainResult r = explain_text(c.log, the_mkb());
    std::string got = top_cause(r);
    std::string want = c.meta.value("expected_cause", "");
    bool benign_case = want == "benign";
    // A benign-only case is right only when nothing in it reads as an error.
    bool right = got == want && (!benign_case || !r.has_error());
    for (Tally* t : {&per_framework[c.meta.value("framework", "")], &all}) {
      ++(benign_case ? t->benign_total : t->root_total);
      if (right) ++(benign_case ? t->benign_right : t->root_right);
    }
    if (right) {
      EXPECT_FALSE(c.meta.contains("known_miss")) << "a known miss now passes: remove the marker";
    } else if (c.meta.contains("known_miss")) {
      EXPECT_EQ(got, c.meta["known_miss"].value("predicted", "")) << "known miss changed";
      EXPECT_FALSE(c.meta["known_miss"].value("why", "").empty()) << "a known miss needs its reason";
      misses.push_back(c.id + " (" + want + " -> " + got + ")");
    } else {
      ADD_FAILURE() << "predicted " << got << ", thread says " << want;
    }
  }
  // The table bench/results/explain.md quotes (markdown rows).
  auto pct = [](int a, int b) { return b ? 100.0 * a / b : 100.0; };
  std::printf("[ corpus ] | framework | cases | root cause right | benign-only quiet |\n");
  for (const auto& [fw, t] : per_framework)
    std::printf("[ corpus ] | %s | %d | %d/%d | %d/%d |\n", fw.c_str(), t.root_total + t.benign_total, t.root_right,
                t.root_total, t.benign_right, t.benign_total);
  std::printf("[ corpus ] | **all** | %zu | %d/%d (%.1f%%) | %d/%d (%.1f%%) |\n", cases.size(), all.root_right,
              all.root_total, pct(all.root_right, all.root_total), all.benign_right, all.benign_total,
              pct(all.benign_right, all.benign_total));
  for (const auto& m : misses) std::printf("[ corpus ] known miss: %s\n", m.c_str());
}
