// The driver child crashed inside libcuda or NVML.
#include <fmt/format.h>

#include <csignal>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
namespace {

std::string signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV, segmentation fault";
    case SIGBUS: return "SIGBUS";
    case SIGABRT: return "SIGABRT, abort";
    case SIGILL: return "SIGILL, illegal instruction";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    default: return "signal";
  }
}

}  // namespace

GD_RULE(check_live_probe_crashed) {
  const auto& live = ctx.facts.live;
  if (!live.ran) return;
  for (auto [run, lib, lib_ev] : {std::tuple{&live.cuda.run, "libcuda", live_util::libcuda_evidence(ctx.facts)},
                                  std::tuple{&live.nvml.run, "NVML", live_util::nvml_evidence(ctx.facts)}}) {
    if (run->outcome != "crashed") continue;
    std::string how = run->signal ? fmt::format("was killed by signal {} ({})", run->signal, signal_name(run->signal))
                                  : fmt::format("ended with exit status {}", run->exit_code);
    std::string where = run->stage.empty() ? "" : " in " + run->stage;
    auto x = make_finding(info, fmt::format("the {} child {}{}", lib, how, where));
    x.subject = lib;
    x.evidence.push_back(lib_ev);
    x.evidence.push_back({"last step announced", run->stage.empty() ? "(none)" : run->stage});
    if (!run->error.empty()) x.evidence.push_back({"child", run->error});
    if (!run->stderr_tail.empty()) x.evidence.push_back({"child output", run->stderr_tail});
    x.explanation = "A driver library that crashes its caller is usually not the library the installed kernel "
                    "driver belongs to (a copied or half-upgraded libcuda / libnvidia-ml, or one from another "
                    "driver branch), or a corrupted install. Programs that use CUDA will crash the same way.";
    x.fix = {fmt::format("see the crash yourself: gpudoctor __live-child {}", run == &live.cuda.run ? "cuda" : "nvml"),
             "check which file was loaded (evidence above) against the kernel module: cat /proc/driver/nvidia/version",
             "reinstall the driver's user-space libraries of the same version as the kernel module"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
