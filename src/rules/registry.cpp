#include "rules/registry.hpp"

#include <algorithm>

namespace gpudoctor::rules {

findings::Finding make_finding(const RuleInfo& info, std::string message) {
  findings::Finding f;
  f.code = info.code;
  f.slug = info.slug;
  f.severity = info.severity;
  f.cause = info.cause;
  f.area = info.area;
  f.message = std::move(message);
  return f;
}

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> all = [] {
    std::vector<Rule> v;
    for (auto part : {core_rules(), framework_rules(), live_rules(), explain_rules(), run_rules()})
      v.insert(v.end(), part.begin(), part.end());
    std::stable_sort(v.begin(), v.end(), [](const Rule& a, const Rule& b) { return a.info.code < b.info.code; });
    return v;
  }();
  return all;
}

const RuleInfo* find_rule(std::string_view code) {
  for (const auto& r : all_rules())
    if (r.info.code == code || r.info.slug == code) return &r.info;
  return nullptr;
}

std::vector<findings::Finding> run_rules(const facts::Facts& facts, const kb::Kb& kb) {
  std::vector<findings::Finding> out;
  Context ctx{facts, kb};
  for (const auto& r : all_rules())
    if (r.fn) r.fn(ctx, r.info, out);
  findings::fold(out);
  return out;
}

}  // namespace gpudoctor::rules
