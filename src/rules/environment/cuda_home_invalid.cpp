// CUDA_HOME / CUDA_PATH point at something that is not a CUDA toolkit.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_home_invalid) {
  const auto& f = ctx.facts;
  for (const char* name : {"CUDA_HOME", "CUDA_PATH"}) {
    auto value = env(f, name);
    if (!value || value->empty()) continue;
    bool found = false;
    for (const auto& r : f.toolkit.roots)
      if (r.found_via == name || r.path == *value) found = true;
    if (found) continue;
    auto x = make_finding(info, fmt::format("{}={} is not a CUDA toolkit", name, *value));
    x.evidence.push_back({name, *value});
    for (const auto& p : f.problems)
      if (p.path == *value) x.evidence.push_back({p.path, p.error});
    x.explanation = "Build systems (PyTorch extensions, CuPy, XLA's ptxas search) trust this variable; a stale value "
                    "makes them fail or pick another CUDA than the one intended.";
    x.fix = {fmt::format("export {}=/usr/local/cuda (a directory with bin/nvcc and lib64/), or unset it", name)};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
