// The GPU's compute capability is below what the CUDA runtime or toolkit here supports.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cc_below_cuda_minimum) {
  const auto& f = ctx.facts;
  // Every CUDA major that something on this machine would run.
  std::vector<std::pair<std::string, std::string>> cudas;  // version, where
  if (const auto* c = selected(f.library("cudart")); c && !c->version.empty()) cudas.emplace_back(c->version, c->path);
  for (const auto& r : f.toolkit.roots)
    if (!r.version.empty()) cudas.emplace_back(r.version, r.path);
  if (cudas.empty()) return;
  for (const auto& g : f.pci.gpus) {
    if (g.compute_capability.empty()) continue;
    std::vector<std::string> too_new;
    std::string min_cc;
    for (const auto& [ver, where] : cudas) {
      auto major = util::parse_int(util::version_prefix(ver, 1));
      if (!major) continue;
      auto m = ctx.kb.cuda_major(static_cast<int>(*major));
      if (!m || m->min_compute_capability.empty()) continue;
      if (kb::compare_cc(g.compute_capability, m->min_compute_capability) >= 0) continue;
      too_new.push_back(fmt::format("CUDA {} at {} (needs cc ≥ {})", util::version_prefix(ver, 2), where,
                                    m->min_compute_capability));
      min_cc = m->min_compute_capability;
    }
    if (too_new.empty()) continue;
    auto x = make_finding(info, fmt::format("{} has compute capability {}; CUDA here needs ≥ {}",
                                            g.name.empty() ? g.device_id : g.name, g.compute_capability, min_cc));
    x.subject = g.bdf;
    x.evidence.push_back({g.bdf, fmt::format("{} cc {}", g.name, g.compute_capability)});
    for (const auto& t : too_new) x.evidence.push_back({"runtime", t});
    if (too_new.size() < cudas.size()) x.severity = findings::Severity::warning;  // an older CUDA is here too
    auto arch = ctx.kb.arch_for_cc(g.compute_capability);
    x.explanation = "Each CUDA major drops old architectures (12.0 dropped Kepler, 13.0 dropped Maxwell, Pascal and "
                    "Volta); its libraries contain no code for them and the runtime reports no usable device.";
    x.fix = {arch && arch->last_cuda_major ? fmt::format("use CUDA {}.x (and framework builds made for it), the last to support {}",
                                                         arch->last_cuda_major, arch->architecture)
                                           : std::string("use an older CUDA release that supports this GPU")};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
