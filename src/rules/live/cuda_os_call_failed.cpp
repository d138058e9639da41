// cuInit returned 304: an operating-system call failed, usually blocked device access.
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_os_call_failed) {
  auto r = live_util::cuinit_result(ctx.facts);
  if (!r || *r != live_util::kCuOperatingSystem) return;
  auto x = live_util::cuinit_finding(ctx, info, "an operating-system call failed (device access blocked?)");
  for (const auto& n : ctx.facts.driver.device_nodes)
    if (n.exists && !(n.can_read && n.can_write)) x.evidence.push_back({n.path, "mode " + n.mode + ", no rw access"});
  x.explanation = "CUDA_ERROR_OPERATING_SYSTEM: the driver's request to the OS was refused, most often opening "
                  "/dev/nvidia* (file permissions, a container's device cgroup, SELinux/AppArmor) or a memory "
                  "lock/map limit.";
  x.fix = {"ls -l /dev/nvidia*   # this user needs read+write",
           "sudo usermod -aG video $USER   # when the nodes belong to group video; log in again",
           "in a container, grant the devices: --gpus all (or --device /dev/nvidia0 ...)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
