#pragma once
#include "facts/facts.hpp"
#include "kb/kb.hpp"
#include "probe/probe_context.hpp"

namespace gpudoctor::probe {

// Runs every static probe in order. The live (driver) layer is added by the caller.
facts::Facts collect(ProbeContext& ctx, const kb::Kb& kb);

}  // namespace gpudoctor::probe
