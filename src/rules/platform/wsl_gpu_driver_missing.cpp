// WSL2 without the Windows-side GPU driver (/dev/dxg, /usr/lib/wsl/lib).
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_wsl_gpu_driver_missing) {
  const auto& f = ctx.facts;
  if (!f.host.is_wsl) return;
  bool wsl_libcuda = false;
  if (const auto* lib = f.library("libcuda"))
    for (const auto& c : lib->candidates)
      if (util::starts_with(c.path, "/usr/lib/wsl/")) wsl_libcuda = true;
  if (f.host.wsl_dxg_present && f.host.wsl_lib_dir_present && wsl_libcuda) return;
  auto x = make_finding(info, "WSL2 without the Windows GPU driver's pass-through");
  x.evidence.push_back({"/dev/dxg", f.host.wsl_dxg_present ? "present" : "missing"});
  x.evidence.push_back({"/usr/lib/wsl/lib", f.host.wsl_lib_dir_present ? "present" : "missing"});
  x.evidence.push_back({"/usr/lib/wsl/lib/libcuda.so.1", wsl_libcuda ? "present" : "missing"});
  x.explanation = "In WSL2 the GPU is reached through the Windows driver: /dev/dxg and the libraries Windows maps into "
                  "/usr/lib/wsl/lib. Both come from a current NVIDIA Windows driver on a WSL2 (not WSL1) distribution.";
  x.fix = {"install or update the NVIDIA driver on Windows (not inside WSL)", "in PowerShell: wsl --update; wsl --shutdown",
           "check the distribution runs as WSL 2: wsl -l -v"};
  x.explains = {"H101", "L301", "K201"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
