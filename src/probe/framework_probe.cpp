// placeholder: replaced by the framework probe
#include "probe/probes.hpp"
namespace gpudoctor::probe {
void probe_frameworks(ProbeContext&, const facts::Facts&, facts::FrameworkFacts&) {}
}
