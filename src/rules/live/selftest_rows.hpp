#pragma once
// The selftest S95x rules share one shape: a finding per judged row of a given key and verdict.
#include <string_view>

#include "live/selftest_judge.hpp"
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules::live_util {

// Adds a finding for every selftest row with `key` (and `key2`, if given) and `verdict`.
void selftest_row_findings(const Context& ctx, const RuleInfo& info, std::vector<findings::Finding>& out,
                           std::string_view verdict, std::initializer_list<std::string_view> keys,
                           std::string_view explanation, std::vector<std::string> fix);

}  // namespace gpudoctor::rules::live_util
