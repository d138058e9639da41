// `gpudoctor fleet`: grouping by root findings, nodes without a verdict kept apart,
// differences against the usable reference, exit status of the worst node.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "../cli/cli_test_util.hpp"
#include <fmt/format.h>

#include "fleet/fleet.hpp"

namespace {

namespace fs = std::filesystem;
using gpudoctor::fleet::NodeState;

// A minimal `gpudoctor --json` report.
std::string report(bool usable, const std::vector<std::pair<std::string, std::string>>& roots, const std::string& driver,
                   const std::string& collected_at = "2026-12-07T04:00:00Z") {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& [code, cause] : roots)
    findings.push_back({{"code", code}, {"cause", cause}, {"severity", usable ? "warning" : "error"}, {"explained_by", ""}});
  if (!usable)  // a consequence, folded under the root: not part of the key
    findings.push_back({{"code", "L301"}, {"cause", "libcuda_missing"}, {"severity", "error"}, {"explained_by", roots[0].first}});
  nlohmann::json j = {{"schema_version", 1}, {"gpu_usable", usable}, {"findings", findings},
                      {"facts", {{"collected_at", collected_at}, {"driver", {{"version", driver}}}}}};
  return j.dump();
}

const double kNow = 1796616000;  // 2026-12-07T04:00:00Z

TEST(Fleet, GroupsByRootFindingsAndKeepsUnjudgedNodesApart) {
  std::vector<gpudoctor::fleet::NodeReport> nodes;
  for (int i = 1; i <= 40; ++i)
    nodes.push_back(gpudoctor::fleet::read_node_report(fmt::format("gpu{:03}", i), report(true, {}, "550.54.15"), kNow, 3600));
  nodes.push_back(gpudoctor::fleet::read_node_report("gpu041", report(false, {{"K204", "driver_not_loaded"}}, "535.104.05"), kNow, 3600));
  nodes.push_back(gpudoctor::fleet::read_node_report("gpu043", report(false, {{"K204", "driver_not_loaded"}}, "535.104.05"), kNow, 3600));
  nodes.push_back(gpudoctor::fleet::read_node_report("gpu042", report(true, {}, "550.54.15", "2026-12-06T00:00:00Z"), kNow, 3600));
  nodes.push_back(gpudoctor::fleet::read_node_report("gpu044", "", kNow, 3600));
  nodes.push_back(gpudoctor::fleet::read_node_report("gpu045", "{not json", kNow, 3600));
  auto s = gpudoctor::fleet::summarise(nodes);
  EXPECT_EQ(s.nodes, 45u);
  EXPECT_EQ(s.counts.at("usable"), 40u);
  EXPECT_EQ(s.counts.at("not_usable"), 2u);
  EXPECT_EQ(s.counts.at("stale"), 1u);
  EXPECT_EQ(s.counts.at("unreachable"), 1u);
  EXPECT_EQ(s.counts.at("probe_failed"), 1u);
  EXPECT_EQ(s.exit_code, 2);
  ASSERT_EQ(s.groups.size(), 5u);
  EXPECT_EQ(s.groups[0].folded, "gpu[001-040]");
  EXPECT_EQ(s.groups[1].folded, "gpu[041,043]");
  EXPECT_EQ(s.groups[1].roots, std::vector<std::string>{"K204 driver_not_loaded"});
  EXPECT_EQ(s.groups[1].differences.at("driver"), std::make_pair(std::string("535.104.05"), std::string("550.54.15")));
  EXPECT_EQ(s.groups[2].state, NodeState::stale);
  EXPECT_EQ(s.groups[2].folded, "gpu042");
  auto text = gpudoctor::fleet::render_fleet_text(s);
  EXPECT_NE(text.find("45 nodes: 40 usable, 2 not usable, 1 stale, 1 probe failed, 1 unreachable"), std::string::npos) << text;
  EXPECT_NE(text.find("not usable (2): gpu[041,043]\n  K204 driver_not_loaded\n  driver 535.104.05 (usable nodes: 550.54.15)"),
            std::string::npos)
      << text;
  auto j = nlohmann::json::parse(gpudoctor::fleet::render_fleet_json(s));
  EXPECT_EQ(j["groups"][1]["nodeset"], "gpu[041,043]");
  EXPECT_EQ(j["exit_code"], 2);
  EXPECT_NE(gpudoctor::fleet::render_fleet_markdown(s).find("| not usable | `gpu[041,043]` | 2 | `K204 driver_not_loaded` |"),
            std::string::npos);
}

TEST(Fleet, SharedFactsPrintOnceAndAllUsableExitsZero) {
  std::vector<gpudoctor::fleet::NodeReport> nodes;
  for (const char* n : {"a1", "a2", "a3"})
    nodes.push_back(gpudoctor::fleet::read_node_report(n, report(true, {}, "550.54.15"), kNow, 0));
  auto s = gpudoctor::fleet::summarise(nodes);
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_EQ(s.common.at("driver"), "550.54.15");
  EXPECT_TRUE(s.groups[0].differences.empty());
  EXPECT_EQ(gpudoctor::fleet::render_fleet_text(s),
            "gpudoctor fleet: 3 nodes: 3 usable\n  everywhere: driver 550.54.15\n\nusable (3): a[1-3]\n");
}

TEST(Fleet, CliReadsADirectoryAndStdinLines) {
  auto dir = fs::temp_directory_path() / ("gd_fleet_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "gpu01.json") << report(true, {}, "550.54.15");
  std::ofstream(dir / "gpu02.json") << report(true, {}, "550.54.15");
  std::ofstream(dir / "gpu03.json") << report(false, {{"K204", "driver_not_loaded"}}, "550.54.15");
  std::ofstream(dir / "notes.txt") << "not a report";
  auto r = gdtest::run_gpudoctor("fleet --now 1796616000 " + dir.string());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("usable (2): gpu[01-02]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not usable (1): gpu03"), std::string::npos) << r.out;
  auto lines = dir / "lines";
  std::ofstream(lines) << "n1: " << report(true, {}, "1") << "\nn2: " << report(true, {}, "1") << "\n";
  auto j = gdtest::run_gpudoctor("--json fleet --max-age 0 - < " + lines.string());
  EXPECT_EQ(j.exit_code, 0) << j.out;
  EXPECT_EQ(nlohmann::json::parse(j.out)["groups"][0]["nodeset"], "n[1-2]");
  EXPECT_EQ(gdtest::run_gpudoctor("fleet " + (dir / "missing").string()).exit_code, 2);
  fs::remove_all(dir);
}

}  // namespace
