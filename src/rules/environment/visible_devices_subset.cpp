// CUDA_VISIBLE_DEVICES shows CUDA programs only some of this machine's GPUs.
#include <fmt/format.h>

#include "parse/visible_devices.hpp"
#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_visible_devices_subset) {
  auto value = env(ctx.facts, "CUDA_VISIBLE_DEVICES");
  if (!value) return;
  auto gpus = known_gpus(ctx.facts);
  if (!gpus.count || *gpus.count < 2) return;
  auto vd = parse::parse_visible_devices(*value);
  auto honoured = vd.honoured(gpus);
  size_t k = honoured.size();
  const size_t n = static_cast<size_t>(*gpus.count);
  // MIG names may stand for several slices of one GPU: the count says nothing then.
  for (const auto& e : honoured)
    if (e.kind == parse::VisibleDeviceEntry::Kind::mig_uuid) return;
  if (k == 0 || k >= n) return;  // E501 says "none"; all visible is the default
  auto x = make_finding(info, fmt::format("{} of {} GPUs visible to CUDA programs (CUDA_VISIBLE_DEVICES=\"{}\")", k, n,
                                          *value));
  x.evidence.push_back({"CUDA_VISIBLE_DEVICES", *value});
  x.evidence.push_back({"GPUs on this machine", std::to_string(n)});
  x.explanation = "Only the listed GPUs exist for CUDA programs started from this environment, renumbered from 0. "
                  "That is what the variable is for (a scheduler may set it), but a job expected to use every GPU, "
                  "or a torch.cuda.device_count() that returns fewer than nvidia-smi shows, comes from here.";
  x.fix = {"unset CUDA_VISIBLE_DEVICES   (to see every GPU)",
           fmt::format("or list them all: export CUDA_VISIBLE_DEVICES={}", [&] {
             std::string all;
             for (size_t i = 0; i < n; ++i) all += (i ? "," : "") + std::to_string(i);
             return all;
           }())};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
