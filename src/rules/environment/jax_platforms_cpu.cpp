// JAX_PLATFORMS (or JAX_PLATFORM_NAME) forces JAX onto the CPU.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_jax_platforms_cpu) {
  for (const char* name : {"JAX_PLATFORMS", "JAX_PLATFORM_NAME"}) {
    auto value = env(ctx.facts, name);
    if (!value || value->empty()) continue;
    std::string v = util::to_lower(*value);
    if (util::contains(v, "cuda") || util::contains(v, "gpu")) continue;
    auto x = make_finding(info, fmt::format("{}=\"{}\" keeps JAX off the GPU", name, *value));
    x.evidence.push_back({name, *value});
    x.explanation = "JAX initialises only the listed platforms; without 'cuda' (or 'gpu') it never tries the GPU.";
    x.fix = {fmt::format("unset {}", name), "or export JAX_PLATFORMS=cuda,cpu"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
