// NVIDIA_DRIVER_CAPABILITIES lacks 'compute', so the container gets no libcuda.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_driver_capabilities_no_compute) {
  const auto& f = ctx.facts;
  auto value = env(f, "NVIDIA_DRIVER_CAPABILITIES");
  if (!value || !in_container(f)) return;
  for (auto cap : util::split(*value, ','))
    if (util::trim(cap) == "compute" || util::trim(cap) == "all") return;
  auto x = make_finding(info, fmt::format("NVIDIA_DRIVER_CAPABILITIES=\"{}\" lacks 'compute': libcuda is not mounted", *value));
  x.evidence.push_back({"NVIDIA_DRIVER_CAPABILITIES", *value});
  x.explanation = "The NVIDIA container runtime mounts only the driver libraries of the listed capabilities; CUDA needs "
                  "'compute' (and nvidia-smi needs 'utility', the default).";
  x.fix = {"start the container with -e NVIDIA_DRIVER_CAPABILITIES=compute,utility (or set it in the image's Dockerfile)"};
  x.explains = {"L301"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
