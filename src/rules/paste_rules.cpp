#include "rules/paste_rules.hpp"

#include <algorithm>

#include "rules/registry.hpp"

namespace gpudoctor::rules {

const std::vector<std::string>& pasted_fact_rules() {
  static const std::vector<std::string> codes = {"E501", "E503", "E507", "L302", "F701", "F705", "F717"};
  return codes;
}

std::vector<findings::Finding> judge_pasted_facts(const facts::Facts& facts, const kb::Kb& kb) {
  std::vector<findings::Finding> out;
  Context ctx{facts, kb};
  const auto& codes = pasted_fact_rules();
  for (const auto& r : all_rules())
    if (r.fn && std::find(codes.begin(), codes.end(), r.info.code) != codes.end()) r.fn(ctx, r.info, out);
  return out;
}

}  // namespace gpudoctor::rules
