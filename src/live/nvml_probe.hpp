#pragma once
// The child's questions to NVML: versions, and per GPU its memory, utilisation, modes,
// ECC state, clocks-event reasons, PCIe link and the processes using it.
#include <string>

#include "facts/live_facts.hpp"
#include "live/cuda_probe.hpp"
#include "live/nvml_api.hpp"

namespace gpudoctor::live {

// Loads `library` (normally "libnvidia-ml.so.1") and asks it everything. `proc_root` is
// where /proc/<pid>/cmdline is read (tests point it at a fixture). Returns false when the
// library could not be loaded.
bool probe_nvml(const std::string& library, NvmlApi& api, facts::NvmlFacts& out, const StageFn& stage,
                const std::string& proc_root = "/proc");

// The command line of `pid` from <proc_root>/<pid>/cmdline, NULs turned into spaces;
// "" when unreadable (another PID namespace, another user's hidepid=2).
std::string read_cmdline(const std::string& proc_root, unsigned pid);

}  // namespace gpudoctor::live
