// placeholder: replaced by the live probe
#include "live/live_probe.hpp"

namespace gpudoctor::live {

void run_live_probe(double, facts::Facts& facts) { facts.live.outcome = "skipped"; }

}  // namespace gpudoctor::live
