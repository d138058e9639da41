#pragma once
// One function per area. Probes only collect: they fill facts and record what they
// could not read in ctx.problems; they never judge.
#include <vector>

#include "facts/facts.hpp"
#include "kb/env_vars.hpp"
#include "kb/kb.hpp"
#include "probe/probe_context.hpp"

namespace gpudoctor::probe {

void probe_host(ProbeContext& ctx, facts::HostFacts& out);
void probe_pci(ProbeContext& ctx, const kb::Kb& kb, facts::PciFacts& out);
void probe_kernel_driver(ProbeContext& ctx, facts::KernelDriverFacts& out);
void probe_loader(ProbeContext& ctx, facts::LoaderFacts& out);
void probe_libraries(ProbeContext& ctx, const facts::LoaderFacts& loader, std::vector<facts::LibraryFacts>& out);
void probe_toolkit(ProbeContext& ctx, facts::ToolkitFacts& out);
// Keeps the variables `allow` shows (kb/env_vars.tsv), with their real values.
void probe_env(ProbeContext& ctx, facts::EnvFacts& out, const kb::EnvVarList& allow = kb::EnvVarList::embedded());
// Python environments and framework installs; uses the library facts to resolve
// what each framework would load; `kb` is the loaded knowledge base (--kb DIR honoured).
void probe_frameworks(ProbeContext& ctx, const facts::Facts& so_far, const kb::Kb& kb, facts::FrameworkFacts& out);

}  // namespace gpudoctor::probe
