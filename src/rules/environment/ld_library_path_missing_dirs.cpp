// LD_LIBRARY_PATH names directories that do not exist (often a CUDA version since removed).
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_ld_library_path_missing_dirs) {
  const auto& f = ctx.facts;
  const auto& missing = f.env.ld_library_path_missing;
  if (missing.empty()) return;
  auto x = make_finding(info, fmt::format("LD_LIBRARY_PATH names {} director{} that do{} not exist: {}", missing.size(),
                                          missing.size() == 1 ? "y" : "ies", missing.size() == 1 ? "es" : "",
                                          util::join(missing, ", ")));
  for (const auto& m : missing) x.evidence.push_back({m, "does not exist"});
  x.explanation = "Harmless to the loader, but usually a sign that the environment points at a CUDA install that "
                  "was removed or moved, so the libraries it meant to provide now come from elsewhere.";
  x.fix = {"remove the stale entries from LD_LIBRARY_PATH (check ~/.bashrc, ~/.profile, conda activate scripts)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
