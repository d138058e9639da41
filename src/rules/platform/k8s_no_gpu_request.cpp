// A Kubernetes pod without a nvidia.com/gpu resource.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_k8s_no_gpu_request) {
  const auto& f = ctx.facts;
  if (!f.host.kubernetes || f.host.is_wsl) return;
  if (any_gpu_node(f) && node_present(f, "/dev/nvidiactl")) return;
  auto x = make_finding(info, "this Kubernetes pod has no GPU: no /dev/nvidia* device nodes");
  for (const auto& e : f.host.kubernetes_evidence) x.evidence.push_back({"kubernetes", e});
  auto nvd = env(f, "NVIDIA_VISIBLE_DEVICES");
  x.evidence.push_back({"NVIDIA_VISIBLE_DEVICES", nvd ? *nvd : "unset (the device plugin sets it for pods it serves)"});
  x.explanation = "The NVIDIA device plugin gives a container GPUs only when its spec requests them; without the "
                  "request (or without the nvidia RuntimeClass where it is not the default) the pod runs on a GPU node "
                  "without a GPU.";
  x.fix = {"request the GPU in the container spec: resources: {limits: {nvidia.com/gpu: 1}}",
           "where the nvidia runtime is not containerd's default, add: runtimeClassName: nvidia",
           "check the node offers GPUs: kubectl describe node <node> | grep nvidia.com/gpu"};
  x.explains = {"K206", "L301", "C601", "K201", "K204"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
