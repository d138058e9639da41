// placeholder: replaced by the PCI probe
#include "probe/probes.hpp"
namespace gpudoctor::probe {
void probe_pci(ProbeContext&, const kb::Kb&, facts::PciFacts&) {}
}
