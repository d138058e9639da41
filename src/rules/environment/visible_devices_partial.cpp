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
  auto gpus = known_gpus(ctx.facts);
  auto res = vd.resolve(gpus);
  size_t honoured = 0;
  while (honoured < res.size() && res[honoured].takes_effect()) ++honoured;
  if (honoured == 0 || honoured == vd.entries.size()) return;  // E501, or all fine
  const auto& first_dropped = vd.entries[honoured];
  auto x = make_finding(info, fmt::format("CUDA_VISIBLE_DEVICES=\"{}\": only {} of {} entries take effect; {}, so it "
                                          "and everything after it is ignored",
                                          *value, honoured, vd.entries.size(),
                                          visible_entry_problem(first_dropped, res[honoured], gpus)));
  x.evidence.push_back({"CUDA_VISIBLE_DEVICES", *value});
  if (gpus.count) x.evidence.push_back({"GPUs", std::to_string(*gpus.count)});
  x.explanation = "CUDA stops parsing at the first entry that is invalid, repeated, out of range or names no GPU.";
  x.fix = {"list only existing, distinct GPUs, e.g. export CUDA_VISIBLE_DEVICES=0,1 (see nvidia-smi -L)"};
  x.explains = {"E511"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
