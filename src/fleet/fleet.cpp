#include "fleet/fleet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "fleet/nodeset.hpp"

namespace gpudoctor::fleet {
namespace {

// "2026-12-07T04:00:00Z" -> seconds since the epoch; < 0 when it is not that form.
double parse_utc(const std::string& s) {
  std::tm tm{};
  if (s.size() < 19 || !strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return -1;
  return static_cast<double>(timegm(&tm));
}

std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

int exit_of(NodeState s) {
  switch (s) {
    case NodeState::usable: return 0;
    case NodeState::not_usable: return 1;
    default: return 2;
  }
}

}  // namespace

std::string_view to_string(NodeState s) {
  switch (s) {
    case NodeState::usable: return "usable";
    case NodeState::not_usable: return "not_usable";
    case NodeState::stale: return "stale";
    case NodeState::probe_failed: return "probe_failed";
    case NodeState::unreachable: return "unreachable";
  }
  return "unknown";
}

NodeReport read_node_report(const std::string& name, const std::string& text, double now_s, double max_age_s) {
  NodeReport n;
  n.name = name;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    n.state = NodeState::unreachable;
    n.problem = "no report";
    return n;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    n.state = NodeState::probe_failed;
    n.problem = "report is not JSON";
    return n;
  }
  if (!j.is_object() || !j.contains("findings") || !j["findings"].is_array() || !j.contains("gpu_usable")) {
    n.state = NodeState::probe_failed;
    n.problem = "not a gpudoctor --json report";
    return n;
  }
  std::set<std::string> roots;
  for (const auto& f : j["findings"]) {
    if (!f.is_object() || !str(f, "explained_by").empty()) continue;
    auto sev = str(f, "severity");
    if (sev == "error" || sev == "warning") roots.insert(str(f, "code") + " " + str(f, "cause"));
  }
  n.roots.assign(roots.begin(), roots.end());
  const auto facts = j.value("facts", nlohmann::json::object());
  if (facts.is_object()) {
    if (auto d = facts.find("driver"); d != facts.end() && d->is_object() && !str(*d, "version").empty())
      n.facts["driver"] = str(*d, "version");
    if (auto fw = facts.find("frameworks"); fw != facts.end() && fw->is_object() && fw->contains("installs"))
      for (const auto& inst : (*fw)["installs"])
        if (inst.is_object() && !str(inst, "framework").empty()) n.facts[str(inst, "framework")] = str(inst, "version");
    if (!str(facts, "gpudoctor_version").empty()) n.facts["gpudoctor"] = str(facts, "gpudoctor_version");
  }
  bool usable = j["gpu_usable"].is_boolean() && j["gpu_usable"].get<bool>();
  n.state = usable ? NodeState::usable : NodeState::not_usable;
  if (max_age_s > 0) {
    double at = facts.is_object() ? parse_utc(str(facts, "collected_at")) : -1;
    if (at < 0 || now_s - at > max_age_s) {
      n.state = NodeState::stale;
      n.problem = at < 0 ? "no collection time" : fmt::format("report {:.0f} s old", now_s - at);
    }
  }
  return n;
}

Summary summarise(std::vector<NodeReport> nodes) {
  Summary s;
  s.nodes = nodes.size();
  for (const char* st : {"usable", "not_usable", "stale", "probe_failed", "unreachable"}) s.counts[st] = 0;
  std::map<std::pair<NodeState, std::vector<std::string>>, std::vector<const NodeReport*>> by_key;
  for (const auto& n : nodes) {
    ++s.counts[std::string(to_string(n.state))];
    s.exit_code = std::max(s.exit_code, exit_of(n.state));
    // Stale and failed nodes group by state alone: their findings are not a verdict.
    bool judged = n.state == NodeState::usable || n.state == NodeState::not_usable;
    by_key[{n.state, judged ? n.roots : std::vector<std::string>{}}].push_back(&n);
  }
  // Facts every judged node shares.
  bool first = true;
  for (const auto& n : nodes) {
    if (n.state != NodeState::usable && n.state != NodeState::not_usable) continue;
    if (first) {
      s.common = n.facts;
      first = false;
      continue;
    }
    for (auto it = s.common.begin(); it != s.common.end();) {
      auto f = n.facts.find(it->first);
      it = (f == n.facts.end() || f->second != it->second) ? s.common.erase(it) : std::next(it);
    }
  }
  for (const auto& [key, members] : by_key) {
    Group g;
    g.state = key.first;
    g.roots = key.second;
    std::vector<std::string> names;
    for (const auto* n : members) names.push_back(n->name);
    g.nodes = names;
    g.folded = fold_nodeset(names);
    g.facts = members.front()->facts;
    for (const auto* n : members)
      for (auto it = g.facts.begin(); it != g.facts.end();) {
        auto f = n->facts.find(it->first);
        it = (f == n->facts.end() || f->second != it->second) ? g.facts.erase(it) : std::next(it);
      }
    s.groups.push_back(std::move(g));
  }
  auto rank = [](NodeState st) { return static_cast<int>(st); };
  std::stable_sort(s.groups.begin(), s.groups.end(), [&](const Group& a, const Group& b) {
    if (a.state != b.state) return rank(a.state) < rank(b.state);
    if (a.nodes.size() != b.nodes.size()) return a.nodes.size() > b.nodes.size();
    return a.folded < b.folded;
  });
  // Reference: the largest usable group with no finding at all, else the largest usable one.
  const Group* ref = nullptr;
  for (const auto& g : s.groups)
    if (g.state == NodeState::usable && (!ref || (ref->roots.size() > 0 && g.roots.empty()))) ref = &g;
  if (ref)
    for (auto& g : s.groups) {
      if (&g == ref || (g.state != NodeState::usable && g.state != NodeState::not_usable)) continue;
      std::set<std::string> keys;
      for (const auto& [k, v] : g.facts) keys.insert(k);
      for (const auto& [k, v] : ref->facts) keys.insert(k);
      for (const auto& k : keys) {
        if (s.common.count(k)) continue;
        auto a = g.facts.count(k) ? g.facts.at(k) : "-";
        auto b = ref->facts.count(k) ? ref->facts.at(k) : "-";
        if (a != b) g.differences[k] = {a, b};
      }
    }
  return s;
}

namespace {

std::string totals(const Summary& s) {
  std::string out = fmt::format("{} node{}", s.nodes, s.nodes == 1 ? "" : "s");
  const std::pair<const char*, const char*> order[] = {{"usable", "usable"},
                                                       {"not_usable", "not usable"},
                                                       {"stale", "stale"},
                                                       {"probe_failed", "probe failed"},
                                                       {"unreachable", "unreachable"}};
  bool any = false;
  for (const auto& [key, label] : order)
    if (s.counts.at(key) > 0) {
      out += fmt::format("{} {} {}", any ? "," : ":", s.counts.at(key), label);
      any = true;
    }
  return out;
}

std::string facts_line(const std::map<std::string, std::string>& f) {
  std::string out;
  for (const auto& [k, v] : f) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", k, v);
  return out;
}

std::string group_title(const Group& g) {
  std::string t(to_string(g.state));
  std::replace(t.begin(), t.end(), '_', ' ');
  return t;
}

}  // namespace

std::string render_fleet_text(const Summary& s) {
  std::string out = "gpudoctor fleet: " + totals(s) + "\n";
  if (!s.common.empty()) out += "  everywhere: " + facts_line(s.common) + "\n";
  for (const auto& g : s.groups) {
    out += fmt::format("\n{} ({}): {}\n", group_title(g), g.nodes.size(), g.folded);
    for (const auto& r : g.roots) out += "  " + r + "\n";
    for (const auto& [k, d] : g.differences) out += fmt::format("  {} {} (usable nodes: {})\n", k, d.first, d.second);
  }
  return out;
}

std::string render_fleet_json(const Summary& s) {
  nlohmann::ordered_json j;
  j["nodes"] = s.nodes;
  j["counts"] = s.counts;
  j["exit_code"] = s.exit_code;
  j["common"] = s.common;
  j["groups"] = nlohmann::ordered_json::array();
  for (const auto& g : s.groups) {
    nlohmann::ordered_json d = nlohmann::ordered_json::object();
    for (const auto& [k, v] : g.differences) d[k] = {{"group", v.first}, {"reference", v.second}};
    j["groups"].push_back({{"state", to_string(g.state)},
                           {"roots", g.roots},
                           {"count", g.nodes.size()},
                           {"nodeset", g.folded},
                           {"nodes", g.nodes},
                           {"differences", d}});
  }
  return j.dump(2) + "\n";
}

std::string render_fleet_markdown(const Summary& s) {
  std::string out = "## gpudoctor fleet\n\n" + totals(s) + "\n\n";
  if (!s.common.empty()) out += "Everywhere: " + facts_line(s.common) + "\n\n";
  out += "| state | nodes | count | root findings | differs from usable |\n|---|---|---|---|---|\n";
  for (const auto& g : s.groups) {
    std::string roots, diffs;
    for (const auto& r : g.roots) roots += (roots.empty() ? "" : "<br>") + ("`" + r + "`");
    for (const auto& [k, d] : g.differences) diffs += fmt::format("{}{} {} ({})", diffs.empty() ? "" : "<br>", k, d.first, d.second);
    out += fmt::format("| {} | `{}` | {} | {} | {} |\n", group_title(g), g.folded, g.nodes.size(), roots, diffs);
  }
  return out;
}

}  // namespace gpudoctor::fleet
