// `gpudoctor fleet DIR|-`: one answer for many nodes (src/fleet/fleet.hpp).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "fleet/fleet.hpp"
#include "probe/root_fs.hpp"

namespace gpudoctor::cli {
namespace {

struct FleetOptions {
  std::string source;
  double max_age_s = 3600;
  double now_s = 0;  // 0: the clock
};

constexpr size_t kMaxReportBytes = 64u << 20;

std::vector<fleet::NodeReport> read_reports(const FleetOptions& o, double now_s) {
  std::vector<fleet::NodeReport> nodes;
  if (o.source == "-") {
    // "NODE: {json}" lines, as clush/pdsh print them; a bare JSON line is "lineN".
    std::string line;
    size_t n = 0;
    while (std::getline(std::cin, line)) {
      ++n;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::string name = "line" + std::to_string(n), text = line;
      auto colon = line.find(": ");
      if (line[0] != '{' && colon != std::string::npos) {
        name = line.substr(0, colon);
        text = line.substr(colon + 2);
      }
      nodes.push_back(fleet::read_node_report(name, text, now_s, o.max_age_s));
    }
    return nodes;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(o.source, ec))
    throw UsageError("fleet: " + o.source + " is not a directory of NODE.json reports (or - for stdin)");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(o.source, ec))
    if (e.path().extension() == ".json") files.push_back(e.path());
  if (ec) throw UsageError("fleet: cannot list " + o.source + ": " + ec.message());
  std::sort(files.begin(), files.end());
  probe::RootFs fs("/");
  for (const auto& f : files) {
    auto text = fs.read(f.string(), kMaxReportBytes);
    auto node = fleet::read_node_report(f.stem().string(), text ? *text : std::string(), now_s, o.max_age_s);
    if (!text) {
      node.state = fleet::NodeState::probe_failed;
      node.problem = "cannot read " + f.string() + ": " + text.error;
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

}  // namespace

void add_fleet_command(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* sub = app.add_subcommand("fleet", "fold many node reports (gpudoctor --json) into groups of nodes with the "
                                          "same root findings; exit status = the worst node");
  auto o = std::make_shared<FleetOptions>();
  sub->add_option("SOURCE", o->source, "directory of NODE.json reports, or - for 'NODE: {json}' lines on stdin")
      ->required();
  sub->add_option("--max-age", o->max_age_s, "seconds after which a report counts as stale (0: never; default 3600)")
      ->check(CLI::Range(0.0, 1e9));
  sub->add_option("--now", o->now_s, "judge staleness as of this time, seconds since the epoch (default: now)")
      ->check(CLI::Range(0.0, 1e11));
  sub->callback([&g, &exit_code, o] {
    double now = o->now_s > 0 ? o->now_s
                              : std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto summary = fleet::summarise(read_reports(*o, now));
    std::string out = g.format == Format::json       ? fleet::render_fleet_json(summary)
                      : g.format == Format::markdown ? fleet::render_fleet_markdown(summary)
                                                     : fleet::render_fleet_text(summary);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    exit_code = summary.exit_code;
  });
}

}  // namespace gpudoctor::cli
