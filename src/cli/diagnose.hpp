#pragma once
#include "cli/options.hpp"
#include "facts/facts.hpp"
#include "kb/kb.hpp"
#include "render/report.hpp"

namespace gpudoctor::cli {

kb::Kb load_kb(const GlobalOptions& g);
// Facts from --facts FILE, or probed on this machine (static probes, then the live child).
facts::Facts gather_facts(const GlobalOptions& g, const kb::Kb& kb);
facts::Facts read_facts_file(const std::string& path);
// `framework` (--framework) narrows the findings and verdicts to one framework.
render::Report diagnose(const facts::Facts& f, const kb::Kb& kb, const std::string& framework = "");
// Writes the report in the chosen format to stdout; returns the exit code.
int print_report(const render::Report& r, const GlobalOptions& g);

}  // namespace gpudoctor::cli
