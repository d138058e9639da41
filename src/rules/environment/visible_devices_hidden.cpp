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
  auto count = gpu_count(ctx.facts);
  if (!vd.honoured(count).empty()) return;
  auto again = vd.repeated(count);
  std::string why = vd.entries.empty() ? "it is empty"
                    : again ? fmt::format("'{}' is listed twice, and a repeated device leaves none visible", again->text)
                    : vd.entries.front().kind == parse::VisibleDeviceEntry::Kind::invalid
                        ? fmt::format("its first entry '{}' is not a GPU index or UUID", vd.entries.front().text)
                        : fmt::format("index {} does not exist ({} GPU{})", vd.entries.front().index, count.value_or(0),
                                      count.value_or(0) == 1 ? "" : "s");
  auto x = make_finding(info, fmt::format("CUDA_VISIBLE_DEVICES=\"{}\" hides every GPU: {}", *value, why));
  x.evidence.push_back({"CUDA_VISIBLE_DEVICES", *value});
  x.explanation = "CUDA reads the list left to right and stops at the first invalid entry, so a '-1', an empty value "
                  "or a wrong first index leaves no device: cuInit succeeds but finds 0 GPUs (CUDA_ERROR_NO_DEVICE, 100), "
                  "and frameworks quietly fall back to the CPU.";
  x.fix = {"unset CUDA_VISIBLE_DEVICES", "or name existing GPUs: export CUDA_VISIBLE_DEVICES=0",
           "look for where it is set: grep -rn CUDA_VISIBLE_DEVICES ~/.bashrc ~/.profile /etc/environment"};
  x.explains = {"R905", "R907"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
