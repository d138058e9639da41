#include <nlohmann/json.hpp>

#include "render/area_summary.hpp"
#include "render/frameworks_section.hpp"
#include "render/problems_section.hpp"
#include "render/report.hpp"

namespace gpudoctor::render {

std::string render_json(const Report& in) {
  const Redactor red(in.redact, in.facts, in.env_vars);
  Report r = in;
  r.facts = red.facts(in.facts);
  nlohmann::ordered_json j;
  j["schema_version"] = kReportSchemaVersion;
  j["gpudoctor_version"] = r.facts.gpudoctor_version;
  j["gpu_usable"] = r.gpu_usable();
  j["verdict"] = std::string(rules::to_string(r.verdict()));
  j["unknown"] = r.unknown;
  j["kb"] = {{"date", r.kb_date}, {"origin", r.kb_origin}};
  int counts[3] = {0, 0, 0};
  for (const auto& f : r.findings) ++counts[static_cast<int>(f.severity)];
  j["summary"] = {{"error", counts[2]}, {"warning", counts[1]}, {"info", counts[0]}};
  // The macros generate conversions for nlohmann::json; ordered_json keeps our top-level order.
  j["findings"] = nlohmann::ordered_json::parse(nlohmann::json(r.findings).dump());
  j["frameworks"] = frameworks_json(r);
  // The area lines of the text report, for front ends (the notebook view) that draw them.
  j["areas"] = nlohmann::ordered_json::array();
  for (const auto& a : summarize_areas(r.facts))
    j["areas"].push_back({{"area", a.area}, {"title", a.title}, {"summary", a.summary}, {"absent", a.absent}});
  j["problems"] = problems_json(r);
  j["facts"] = nlohmann::ordered_json::parse(nlohmann::json(r.facts).dump());
  red.json(j);
  return j.dump(2) + "\n";
}

std::string render_facts_json(const facts::Facts& f, const RedactOptions& redact, const kb::EnvVarList& env_vars) {
  const Redactor red(redact, f, env_vars);
  nlohmann::json j = red.facts(f);
  red.json(j);
  return j.dump(2) + "\n";
}

}  // namespace gpudoctor::render
