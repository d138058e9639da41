// In a container, NVIDIA_VISIBLE_DEVICES asks the NVIDIA runtime for no GPU.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_nvidia_visible_devices_none) {
  const auto& f = ctx.facts;
  auto value = env(f, "NVIDIA_VISIBLE_DEVICES");
  if (!value || !in_container(f)) return;
  if (*value != "none" && *value != "void" && !value->empty()) return;
  auto x = make_finding(info, fmt::format("NVIDIA_VISIBLE_DEVICES=\"{}\" in this container: the NVIDIA runtime mounts no GPU",
                                          *value));
  x.evidence.push_back({"NVIDIA_VISIBLE_DEVICES", *value});
  x.evidence.push_back({"/dev/nvidia0..N", any_gpu_node(f) ? "present" : "missing"});
  x.explanation = "The NVIDIA container runtime reads NVIDIA_VISIBLE_DEVICES when the container starts: 'none' mounts "
                  "the driver libraries but no GPU, 'void' or empty behaves like plain runc (nothing).";
  x.fix = {"start the container with --gpus all (Docker) or NVIDIA_VISIBLE_DEVICES=all",
           "in Kubernetes, request nvidia.com/gpu and do not override NVIDIA_VISIBLE_DEVICES in the pod spec"};
  x.explains = {"C601", "L301"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
