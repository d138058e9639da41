// The driver is older than the CUDA version the runtime or toolkit found here needs.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_driver_too_old) {
  const auto& f = ctx.facts;
  std::string driver = driver_version(f);
  if (driver.empty()) return;
  // The newest CUDA this machine's own runtime or toolkit would ask the driver for.
  std::string cuda, where;
  if (const auto* c = selected(f.library("cudart")); c && !c->version.empty()) {
    cuda = c->version;
    where = c->path;
  }
  for (const auto& r : f.toolkit.roots)
    if (!r.version.empty() && util::compare_versions(r.version, cuda) > 0) {
      cuda = r.version;
      where = r.path;
    }
  if (cuda.empty()) return;
  std::string need = ctx.kb.min_driver_for_cuda(cuda);
  if (need.empty() || util::compare_versions(driver, need) >= 0) return;
  auto x = make_finding(info, fmt::format("driver {} is too old for CUDA {} (needs ≥ {})", driver,
                                          util::version_prefix(cuda, 2), need));
  x.evidence.push_back({"driver", driver});
  x.evidence.push_back({where, "CUDA " + cuda});
  x.evidence.push_back({"knowledge base", fmt::format("CUDA {}.x needs driver ≥ {} (kb/cuda_major.tsv, kb/cuda_driver.tsv)",
                                                      util::version_prefix(cuda, 1), need)});
  x.explanation = "A CUDA runtime refuses to start on an older driver ('CUDA driver version is insufficient for CUDA "
                  "runtime version', error 35). Since CUDA 11 any driver at or above the major's floor runs every minor "
                  "release of it.";
  x.fix = {fmt::format("upgrade the NVIDIA driver to ≥ {} (then reboot)", need),
           "or use a framework build for an older CUDA major that this driver supports"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
