// The installed driver branch or module flavour does not support this GPU.
#include <algorithm>

#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_driver_unsupported_gpu) {
  const auto& f = ctx.facts;
  std::string version = driver_version(f);
  auto branch = util::parse_int(util::version_prefix(version, 1));
  for (const auto& g : f.pci.gpus) {
    auto arch = ctx.kb.arch_for_cc(g.compute_capability);
    if (!arch) continue;
    std::string why, fix;
    std::string arch_name = arch->architecture.substr(0, arch->architecture.find('-'));
    if (branch && !arch->first_driver_branch.empty()) {
      auto first = util::parse_int(arch->first_driver_branch);
      if (first && *branch < *first) {
        why = fmt::format("driver {} is older than R{}, the first branch that drives {} GPUs", version, *first, arch_name);
        fix = fmt::format("install driver R{} or newer (e.g. sudo apt install nvidia-driver-{}{}), then reboot", *first,
                          std::max<long long>(*first, 580), arch->open_module_required ? "-open" : "");
      }
    }
    if (why.empty() && branch && !arch->last_driver_branch.empty()) {
      auto last = util::parse_int(arch->last_driver_branch);
      if (last && *branch > *last) {
        why = fmt::format("driver {} is newer than R{}, the last branch for {} GPUs", version, *last, arch->architecture);
        fix = fmt::format("install the R{} driver branch (e.g. sudo apt install nvidia-driver-{}) or use a newer GPU", *last, *last);
      }
    }
    if (why.empty() && f.driver.open_kernel_module && !arch->open_module_supported && f.driver.nvidia_loaded) {
      why = fmt::format("the open kernel module does not support {} GPUs (Turing and newer only)", arch->architecture);
      fix = "install the proprietary kernel module flavour of the same driver (e.g. nvidia-driver-<ver> instead of -open)";
    }
    if (why.empty() && !f.driver.open_kernel_module && arch->open_module_required && f.driver.nvidia_loaded) {
      why = fmt::format("{} GPUs need the open kernel module; the proprietary one is loaded", arch->architecture);
      fix = "install the open kernel module flavour (e.g. nvidia-open, nvidia-driver-<ver>-open) and reboot";
    }
    if (why.empty()) continue;
    auto x = make_finding(info, fmt::format("{} ({}, cc {}): {}", g.name.empty() ? g.device_id : g.name, g.bdf,
                                            g.compute_capability, why));
    x.subject = g.bdf;
    x.evidence.push_back({"GPU", fmt::format("{} {} cc {}", g.device_id, arch->architecture, g.compute_capability)});
    x.evidence.push_back({"driver", fmt::format("{} ({})", version.empty() ? "?" : version,
                                                f.driver.open_kernel_module ? "open" : "proprietary")});
    x.explanation = "Each driver branch drives a fixed set of GPUs: a branch released before an architecture does not know "
                    "it, NVIDIA ends support for old architectures in a given branch, and the newest ones work only with "
                    "the open kernel modules. The driver then leaves the GPU unclaimed, or CUDA finds no usable device.";
    x.fix = {fix};
    x.explains = {"K210", "K206"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
