#pragma once
// `gpudoctor fleet`: many node reports (gpudoctor --json) folded into one answer to "which
// nodes cannot use their GPUs, and why?". Nodes group by the set of their root findings
// (error and warning codes no other finding explains); names fold like `nodeset -f`;
// nodes whose report is missing, unreadable or too old are kept apart, never counted as
// healthy. Facts every node shares are printed once; each group shows where its facts
// differ from the largest usable group.
#include <map>
#include <string>
#include <vector>

namespace gpudoctor::fleet {

enum class NodeState { usable, not_usable, stale, probe_failed, unreachable };
std::string_view to_string(NodeState s);  // "usable", "not_usable", "stale", "probe_failed", "unreachable"

struct NodeReport {
  std::string name;
  NodeState state = NodeState::unreachable;
  std::vector<std::string> roots;           // "K204 driver_not_loaded", sorted
  std::map<std::string, std::string> facts;  // "driver" -> "550.54.15", "torch" -> "2.3.0"
  std::string problem;                      // why unreachable / probe_failed / stale
};

// Reads one report; `text` empty means the node did not answer. `now_s` judges staleness
// against facts.collected_at; max_age_s <= 0 disables it.
NodeReport read_node_report(const std::string& name, const std::string& text, double now_s, double max_age_s);

struct Group {
  NodeState state = NodeState::usable;
  std::vector<std::string> roots;
  std::vector<std::string> nodes;
  std::string folded;                        // nodeset -f form
  std::map<std::string, std::string> facts;  // shared by every node of the group
  std::map<std::string, std::pair<std::string, std::string>> differences;  // fact -> (this, reference)
};

struct Summary {
  size_t nodes = 0;
  std::map<std::string, size_t> counts;      // per state
  std::map<std::string, std::string> common;  // facts every answering node shares
  std::vector<Group> groups;                 // usable first (largest is the reference), then by size
  int exit_code = 0;                         // worst node: 0 usable, 1 not usable, 2 no verdict
};

Summary summarise(std::vector<NodeReport> nodes);

std::string render_fleet_text(const Summary& s);
std::string render_fleet_json(const Summary& s);
std::string render_fleet_markdown(const Summary& s);

}  // namespace gpudoctor::fleet
