// A /dev/nvidia* path CUDA opens is not the NVIDIA character device (a directory, a regular file or another device).
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {
namespace {

// The major number a node must have: 195 for the nvidia driver's own nodes (nvidiactl
// 195:255, nvidiaN 195:N), nvidia-uvm's dynamic major from /proc/devices; nullopt = unknown.
std::optional<long long> expected_major(const facts::Facts& f, std::string_view path) {
  if (path == "/dev/nvidia-uvm") {
    if (f.driver.uvm_major.empty()) return std::nullopt;
    return util::parse_int(f.driver.uvm_major);
  }
  return 195;
}

bool cuda_opens(std::string_view path) {
  if (path == "/dev/nvidiactl" || path == "/dev/nvidia-uvm") return true;
  if (!util::starts_with(path, "/dev/nvidia")) return false;
  auto rest = path.substr(11);
  return !rest.empty() && util::parse_int(rest).has_value();
}

}  // namespace

GD_RULE(check_device_node_wrong_type) {
  const auto& f = ctx.facts;
  if (f.host.is_wsl) return;  // WSL2 uses /dev/dxg
  std::vector<std::pair<const facts::DeviceNode*, std::string>> wrong;
  for (const auto& n : f.driver.device_nodes) {
    if (!n.exists || n.type.empty() || !cuda_opens(n.path)) continue;  // missing: K206; unreadable: unknown
    if (n.type == "directory") {
      wrong.emplace_back(&n, "is a directory");
    } else if (n.type == "regular") {
      wrong.emplace_back(&n, "is a regular file");
    } else if (n.type != "char") {
      wrong.emplace_back(&n, "is not a character device");
    } else if (auto want = expected_major(f, n.path); want && n.major != *want) {
      wrong.emplace_back(&n, fmt::format("is character device {}:{}, not major {}", n.major, n.minor, *want));
    }
  }
  if (wrong.empty()) return;
  auto x = make_finding(info, fmt::format("{} {}{}", wrong.front().first->path, wrong.front().second,
                                          wrong.size() > 1 ? fmt::format(" (and {} more)", wrong.size() - 1) : ""));
  for (const auto& [n, why] : wrong) x.evidence.push_back({n->path, why});
  if (!f.driver.uvm_major.empty()) x.evidence.push_back({"/proc/devices nvidia-uvm", f.driver.uvm_major});
  x.explanation = "CUDA opens /dev/nvidiactl, /dev/nvidiaN (character devices with major 195) and /dev/nvidia-uvm "
                  "(the major /proc/devices gives nvidia-uvm). When a container is started with -v /dev/nvidia0:/dev/"
                  "nvidia0 and the host node is missing, Docker creates an empty directory there; a copied or "
                  "touched file is no better. Opening it fails, and CUDA reports no device.";
  x.fix = {in_container(f) ? "start the container with the NVIDIA runtime instead of mounting nodes: docker run --gpus all ..."
                           : "remove the impostor and let the driver recreate the nodes: sudo rm -rf " +
                                 wrong.front().first->path + " && sudo nvidia-modprobe -c=0 -u",
           "on the host: ls -l /dev/nvidia* should show lines starting with 'c' (crw-rw-rw- 195, 0 ...)"};
  x.explains = {"K207", "R906"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
