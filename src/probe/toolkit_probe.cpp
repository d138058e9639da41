// placeholder: replaced by the toolkit probe
#include "probe/probes.hpp"
namespace gpudoctor::probe {
void probe_toolkit(ProbeContext&, facts::ToolkitFacts&) {}
}
