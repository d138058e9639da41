// LD_PRELOAD forces a specific CUDA or driver library into every process.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_ld_preload_cuda) {
  auto value = env(ctx.facts, "LD_PRELOAD");
  if (!value) return;
  std::vector<std::string> hits;
  for (auto part : util::split(*value, ':')) {
    for (auto sub : util::split(part, ' ')) {
      std::string s(util::trim(sub));
      for (const char* lib : {"libcuda", "libcudart", "libcudnn", "libnvidia-ml", "libcublas", "libnccl"})
        if (util::contains(s, lib)) hits.push_back(s);
    }
  }
  if (hits.empty()) return;
  auto x = make_finding(info, fmt::format("LD_PRELOAD forces {} into every process", util::join(hits, ", ")));
  x.evidence.push_back({"LD_PRELOAD", *value});
  x.explanation = "A preloaded CUDA library wins over whatever a framework would load itself, including its own pip "
                  "wheels; a version that does not match the framework's build breaks it in ways that look unrelated.";
  x.fix = {"unset LD_PRELOAD (or remove the CUDA libraries from it) and let each framework load its own"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
