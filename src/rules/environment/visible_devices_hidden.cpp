// CUDA_VISIBLE_DEVICES hides every GPU from CUDA programs.
#include <fmt/format.h>

#include "parse/visible_devices.hpp"
#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_visible_devices_hidden) {
  auto value = env(ctx.facts, "CUDA_VISIBLE_DEVICES");
  if (!value) return;
  auto vd = parse::parse_visible_devices(*value);
  auto gpus = known_gpus(ctx.facts);
  auto res = vd.resolve(gpus);
  if (!res.empty() && res.front().takes_effect()) return;
  std::string why =
      vd.entries.empty() ? "it is empty" : "its first entry: " + visible_entry_problem(vd.entries.front(), res.front(), gpus);
  auto x = make_finding(info, fmt::format("CUDA_VISIBLE_DEVICES=\"{}\" hides every GPU: {}", *value, why));
  x.evidence.push_back({"CUDA_VISIBLE_DEVICES", *value});
  for (size_t i = 0; i < gpus.uuids.size(); ++i) x.evidence.push_back({fmt::format("GPU {}", i), gpus.uuids[i]});
  x.explanation = "CUDA reads the list left to right and stops at the first invalid entry (an unknown index or UUID, a "
                  "repeated GPU, '-1'), so an empty value or a wrong first entry leaves no device: cuInit succeeds but "
                  "finds 0 GPUs (CUDA_ERROR_NO_DEVICE, 100), and frameworks quietly fall back to the CPU.";
  x.fix = {"unset CUDA_VISIBLE_DEVICES", "or name existing GPUs: export CUDA_VISIBLE_DEVICES=0 (nvidia-smi -L lists indices and UUIDs)",
           "look for where it is set: grep -rn CUDA_VISIBLE_DEVICES ~/.bashrc ~/.profile /etc/environment"};
  x.explains = {"R905", "R907"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
