#pragma once
#include <span>
#include <vector>

#include "rules/rule.hpp"

namespace gpudoctor::rules {

// Each area keeps its own list (core, frameworks, live, explain, run); all_rules()
// concatenates them in code order.
std::span<const Rule> core_rules();
std::span<const Rule> framework_rules();
std::span<const Rule> live_rules();
std::span<const Rule> explain_rules();
std::span<const Rule> run_rules();  // `gpudoctor run` (R96x), judged in src/run/

const std::vector<Rule>& all_rules();
const RuleInfo* find_rule(std::string_view code);  // by code or slug

// Runs every rule over the facts and folds consequences under their roots.
std::vector<findings::Finding> run_rules(const facts::Facts& facts, const kb::Kb& kb);

}  // namespace gpudoctor::rules
