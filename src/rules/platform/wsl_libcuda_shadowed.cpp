// Inside WSL2, a Linux driver's libcuda shadows the one Windows provides.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_wsl_libcuda_shadowed) {
  const auto& f = ctx.facts;
  if (!f.host.is_wsl) return;
  const auto* sel = selected(f.library("libcuda"));
  if (!sel || sel->is_stub || util::starts_with(sel->path, "/usr/lib/wsl/")) return;
  auto x = make_finding(info, fmt::format("{} shadows WSL's /usr/lib/wsl/lib/libcuda.so.1", sel->path));
  x.evidence.push_back({sel->path, fmt::format("{} via {}", sel->version.empty() ? "libcuda" : sel->version, sel->found_via)});
  x.explanation = "A Linux NVIDIA driver installed inside WSL2 (for example through a cuda or nvidia-driver package) "
                  "puts its own libcuda ahead of the WSL one; it cannot talk to /dev/dxg, so CUDA finds no device.";
  x.fix = {"remove the Linux driver packages inside WSL: sudo apt remove --purge 'nvidia-*' 'libnvidia-*'",
           "install only the toolkit, from the WSL-Ubuntu repository (cuda-toolkit-XX-Y, never 'cuda' or 'cuda-drivers')",
           "sudo ldconfig, and check: ldconfig -p | grep libcuda (should list /usr/lib/wsl/lib first)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
