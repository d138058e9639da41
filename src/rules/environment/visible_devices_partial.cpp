// CUDA_VISIBLE_DEVICES lists entries the driver will ignore, so fewer GPUs are visible than asked for.
#include <fmt/format.h>

#include "parse/visible_devices.hpp"
#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_visible_devices_partial) {
  auto value = env(ctx.facts, "CUDA_VISIBLE_DEVICES");
  if (!value) return;
  auto vd = parse::parse_visible_devices(*value);
  auto honoured = vd.honoured(gpu_count(ctx.facts));
  if (honoured.empty() || honoured.size() == vd.entries.size()) return;  // E501, or all fine
  const auto& first_dropped = vd.entries[honoured.size()];
  auto x = make_finding(info, fmt::format("CUDA_VISIBLE_DEVICES=\"{}\": only {} of {} entries take effect; '{}' and "
                                          "everything after it is ignored",
                                          *value, honoured.size(), vd.entries.size(), first_dropped.text));
  x.evidence.push_back({"CUDA_VISIBLE_DEVICES", *value});
  if (auto n = gpu_count(ctx.facts)) x.evidence.push_back({"GPUs", std::to_string(*n)});
  x.explanation = "CUDA stops parsing at the first entry that is invalid or out of range.";
  x.fix = {"list only existing, distinct GPUs, e.g. export CUDA_VISIBLE_DEVICES=0,1 (see nvidia-smi -L)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
