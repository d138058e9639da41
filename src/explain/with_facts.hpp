#pragma once
// Combines what a log says with what gpudoctor found on this machine: "TensorFlow wants
// libcudnn.so.8; this machine has cuDNN 9.19.0 at /usr/local/cuda/lib64/libcudnn.so.9 only".
// Adds evidence ("this machine: ...") to the findings and, where the facts settle it,
// refines the cause (no GPU on the PCI bus, driver not installed vs. not loaded).
#include "explain/explain.hpp"
#include "facts/facts.hpp"
#include "kb/kb.hpp"

namespace gpudoctor::explain {

void add_machine_facts(ExplainResult& r, const facts::Facts& f, const MessageKb& mkb, const kb::Kb& kb);

}  // namespace gpudoctor::explain
