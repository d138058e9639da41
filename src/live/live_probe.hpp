#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "facts/facts.hpp"
#include "live/child_process.hpp"
#include "live/child_protocol.hpp"
#include "live/selftest.hpp"

namespace gpudoctor::live {

// Asks libcuda and NVML in a child process (re-exec of gpudoctor) with a timeout
// and stores what they answered in facts.live.
void run_live_probe(double timeout_s, facts::Facts& facts);

struct LiveProbeOptions {
  std::string exe;                           // the gpudoctor to re-exec; "" = this one
  double timeout_s = 20;
  std::map<std::string, std::string> env_set;  // for tests: LD_LIBRARY_PATH, fake-library modes
  std::vector<std::string> env_unset;
};
// Runs the libcuda and the NVML child side by side (a hang in one leaves the other's
// answers), each with the whole timeout.
void run_live_probe(const LiveProbeOptions& opt, facts::Facts& facts);

struct SelftestRunOptions {
  LiveProbeOptions child;
  SelftestOptions selftest;
  int devices_expected = 1;                  // sizes the overall time limit
  std::function<void(std::string_view)> on_progress;
};
// `gpudoctor selftest`: one child probes libcuda and runs the tests; its answers go to
// facts.live.cuda and facts.live.selftest. The timeout counts silence (no progress for
// opt.child.timeout_s), since a full run legitimately lasts longer.
void run_selftest_child(const SelftestRunOptions& opt, facts::Facts& facts);

// How a child ended, from the process status and what it said (pure, for tests).
facts::LiveRun summarize_run(const ChildResult& res, const ChildOutput& out, double timeout_s);
// "timeout", "crashed", "error", "no_library" or "ok" for the live facts as a whole.
std::string overall_outcome(const facts::LiveFacts& live);

}  // namespace gpudoctor::live
