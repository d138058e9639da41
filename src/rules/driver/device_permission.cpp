// The device nodes exist but this user cannot open them.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_device_permission) {
  const auto& f = ctx.facts;
  std::vector<const facts::DeviceNode*> denied;
  for (const auto& n : f.driver.device_nodes) {
    if (!n.exists || n.path == "/dev/nvidia-modeset" || n.path == "/dev/nvidia-uvm-tools") continue;
    if (!n.can_read || !n.can_write) denied.push_back(&n);
  }
  if (denied.empty()) return;
  auto x = make_finding(info, fmt::format("{} cannot open {}{}", f.env.user.empty() ? "this user" : f.env.user,
                                          denied.front()->path,
                                          denied.size() > 1 ? fmt::format(" and {} other device node(s)", denied.size() - 1) : ""));
  for (const auto* n : denied)
    x.evidence.push_back({n->path, fmt::format("mode {} uid {} gid {}", n->mode, n->uid, n->gid)});
  x.explanation = "CUDA opens /dev/nvidiactl, /dev/nvidia-uvm and /dev/nvidiaN read-write. The driver normally "
                  "creates them 0666; a stricter mode (NVreg_DeviceFileMode) limits them to a group such as 'video'.";
  x.fix = {fmt::format("sudo usermod -aG $(stat -c %G {}) {}   (then log in again)", denied.front()->path,
                       f.env.user.empty() ? "$USER" : f.env.user),
           "or set NVreg_DeviceFileMode=0666 in /etc/modprobe.d/nvidia.conf and reload the driver"};
  x.explains = {"R913"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
