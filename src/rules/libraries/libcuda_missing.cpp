// No libcuda.so.1 that the loader can find.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_libcuda_missing) {
  const auto& f = ctx.facts;
  const auto* lib = f.library("libcuda");
  if (!lib) return;  // the library probe did not run (old facts file)
  if (selected(lib)) return;  // a libcuda wins; L302 judges a stub
  auto x = make_finding(info, "no libcuda.so.1 on the loader path");
  std::string elsewhere;
  for (const auto& c : lib->candidates) {
    x.evidence.push_back({c.path, fmt::format("{}{}, via {}", c.is_stub ? "stub" : "not on the loader path",
                                              c.version.empty() ? "" : " " + c.version, c.found_via)});
    if (!c.is_stub && elsewhere.empty()) elsewhere = c.path;
  }
  if (lib->candidates.empty()) x.evidence.push_back({"ld.so.cache, LD_LIBRARY_PATH, default dirs", "no libcuda.so.1"});
  x.explanation = "libcuda is the user-space half of the NVIDIA driver, installed with the driver (never with the "
                  "toolkit or pip). Every CUDA program dlopens libcuda.so.1.";
  if (!elsewhere.empty())
    x.fix = {fmt::format("a libcuda exists at {}: add its directory to /etc/ld.so.conf.d/ and run sudo ldconfig", elsewhere)};
  else if (f.host.is_wsl)
    x.fix = {"install the NVIDIA driver on Windows (not inside WSL); it provides /usr/lib/wsl/lib/libcuda.so.1"};
  else
    x.fix = {"install the NVIDIA driver's user-space libraries (Debian: libcuda1, Ubuntu: libnvidia-compute-<ver>), same version as the kernel module"};
  x.explains = {"R903", "R924"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
