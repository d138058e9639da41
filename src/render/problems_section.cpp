#include "render/problems_section.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gpudoctor::render {

std::vector<ProblemLine> collect_problems(const Report& r) {
  std::vector<ProblemLine> out;
  for (const auto& p : r.facts.problems) out.push_back({p.probe, p.path, p.error});
  for (const auto& root : r.facts.toolkit.roots)
    for (const auto& p : root.problems) out.push_back({"toolkit", root.path, p});
  for (const auto& inst : r.facts.frameworks.installs) {
    // --framework: only the installs the report is about.
    bool shown = std::any_of(r.frameworks.begin(), r.frameworks.end(),
                             [&](const rules::FrameworkVerdict& v) { return v.framework == inst.framework; });
    if (!r.frameworks.empty() && !shown) continue;
    for (const auto& p : inst.problems)
      out.push_back({"frameworks", inst.package_dir.empty() ? inst.env_prefix : inst.package_dir, p});
  }
  return out;
}

std::string render_problems_text(const Report& r, bool unicode) {
  auto problems = collect_problems(r);
  if (problems.empty()) return "";
  std::string out = "could not read (the verdict rests on less):\n";
  for (const auto& p : problems)
    out += fmt::format("  {} {} ({}): {}\n", unicode ? "·" : "-", p.path, p.probe, p.error);
  return out;
}

nlohmann::ordered_json problems_json(const Report& r) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& p : collect_problems(r)) arr.push_back({{"probe", p.probe}, {"path", p.path}, {"error", p.error}});
  return arr;
}

std::string problems_markdown(const Report& r) {
  auto problems = collect_problems(r);
  if (problems.empty()) return "";
  std::string out = "### Could not read\n\n";
  for (const auto& p : problems) out += fmt::format("- `{}` ({}): {}\n", p.path, p.probe, p.error);
  return out + "\n";
}

std::string verdict_phrase(const Report& r) {
  switch (r.verdict()) {
    case rules::MachineVerdict::Status::usable: return "the GPU should be usable";
    case rules::MachineVerdict::Status::not_usable: return "the GPU cannot be used";
    case rules::MachineVerdict::Status::unknown: return "whether the GPU is usable is unknown";
  }
  return "";
}

}  // namespace gpudoctor::render
