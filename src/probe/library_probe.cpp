// placeholder: replaced by the library probe
#include "probe/probes.hpp"
namespace gpudoctor::probe {
void probe_loader(ProbeContext&, facts::LoaderFacts&) {}
void probe_libraries(ProbeContext&, const facts::LoaderFacts&, std::vector<facts::LibraryFacts>&) {}
}
