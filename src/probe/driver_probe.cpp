// placeholder: replaced by the kernel driver probe
#include "probe/probes.hpp"
namespace gpudoctor::probe {
void probe_kernel_driver(ProbeContext&, facts::KernelDriverFacts&) {}
}
