// The NVIDIA driver is older than the CUDA version the framework was built for.
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_driver_too_old) {
  const std::string& driver = ctx.facts.driver.version;
  if (driver.empty()) return;  // no driver at all is the driver area's finding
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.build != "cuda" || inst.cuda_version.empty()) continue;
    std::string need = ctx.kb.min_driver_for_cuda(inst.cuda_version);
    if (need.empty() || util::compare_versions(driver, need) >= 0) continue;
    auto x = install_finding(info, inst, "is built for CUDA " + inst.cuda_version + ", which needs driver " + need +
                                             " or newer; this machine runs " + driver);
    x.evidence.push_back({"driver", driver});
    x.evidence.push_back({"kb/cuda_major.tsv, kb/cuda_driver.tsv", "CUDA " + inst.cuda_version + " >= " + need});
    x.explanation = "A CUDA runtime newer than the driver fails at initialisation (cudaErrorInsufficientDriver, "
                    "error 35), and the framework falls back to the CPU.";
    x.fix.push_back("upgrade the NVIDIA driver to " + need + " or newer");
    x.fix.push_back("or install a build of " + framework_display(inst.framework) + " made for an older CUDA");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
