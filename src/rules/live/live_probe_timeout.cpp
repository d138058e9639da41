// The driver child did not finish in time: libcuda or NVML hung.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_live_probe_timeout) {
  const auto& live = ctx.facts.live;
  if (!live.ran) return;
  for (auto [run, lib] : {std::pair{&live.cuda.run, "libcuda"}, std::pair{&live.nvml.run, "NVML"}}) {
    if (run->outcome != "timeout") continue;
    std::string where = run->stage.empty() ? "before saying anything" : "in " + run->stage;
    auto x = make_finding(info, fmt::format("the {} child did not finish within {:g} s: it hung {}", lib,
                                            run->timeout_s, where));
    x.subject = lib;
    x.evidence.push_back({"last step announced", run->stage.empty() ? "(none)" : run->stage});
    x.evidence.push_back({"killed after", fmt::format("{:.1f} s", run->elapsed_s)});
    if (!run->error.empty()) x.evidence.push_back({"child", run->error});
    if (run->unkillable)
      x.evidence.push_back({"after SIGKILL", "still alive: stuck inside the kernel driver (D state)"});
    x.explanation = "A call into the NVIDIA driver that never returns means the GPU or the driver is wedged, "
                    "typically after an Xid error (GPU fallen off the bus, double-bit ECC error), after suspend/"
                    "resume, or while another process holds the GPU in a hung kernel. Every CUDA program will hang "
                    "the same way; gpudoctor ran the call in a child process so this report could still come out.";
    x.fix = {"sudo dmesg | grep -iE 'NVRM|Xid'",
             "nvidia-smi   # if it hangs too, the driver is wedged",
             "sudo nvidia-smi --gpu-reset -i 0   # with no process using the GPU; otherwise reboot",
             "after suspend/resume: sudo rmmod nvidia_uvm && sudo modprobe nvidia_uvm",
             "a slow start (many GPUs, no persistence mode) can also take this long: gpudoctor --timeout 60"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
