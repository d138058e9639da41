// Running in a container that was started without GPU access.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_container_no_gpu) {
  const auto& f = ctx.facts;
  if (f.host.container.empty() || f.host.kubernetes || f.host.is_wsl) return;  // k8s: C602
  if (any_gpu_node(f) && node_present(f, "/dev/nvidiactl")) return;
  auto x = make_finding(info, fmt::format("this {} container has no NVIDIA device nodes", f.host.container));
  for (const auto& e : f.host.container_evidence) x.evidence.push_back({"container", e});
  x.evidence.push_back({"/dev/nvidiactl, /dev/nvidia0..N", "missing"});
  if (!f.pci.gpus.empty())
    x.evidence.push_back({"/sys/bus/pci/devices", fmt::format("{} NVIDIA GPU(s) on the host", f.pci.gpus.size())});
  x.explanation = "Containers see a GPU only when the runtime passes its device nodes and driver libraries in "
                  "(the NVIDIA Container Toolkit); a plain `docker run` does neither.";
  if (f.host.container == "podman")
    x.fix = {"podman run --device nvidia.com/gpu=all ...   (CDI; generate the spec with: sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml)"};
  else
    x.fix = {"docker run --gpus all ...   (needs the NVIDIA Container Toolkit on the host: sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker)",
             "docker compose: deploy.resources.reservations.devices: [{driver: nvidia, count: all, capabilities: [gpu]}]"};
  x.explains = {"K206", "L301", "K201", "K204", "R906", "R921"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
