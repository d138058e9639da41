#pragma once
// The rule functions of the core areas; their metadata is in core_registry.cpp.
#include "rules/rule.hpp"

namespace gpudoctor::rules {

#define GD_RULE(name) void name(const Context& ctx, const RuleInfo& info, std::vector<findings::Finding>& out)

GD_RULE(check_no_gpu_hardware);

}  // namespace gpudoctor::rules
