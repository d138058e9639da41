#pragma once
// What `gpudoctor run` prints on stderr after the command's own output, and the JSON it
// writes with --report FILE: an object with schema_version 1, command, exit, gpu (the
// samples summarised), log and findings (each with its cause), and the raw RunFacts.
#include <string>
#include <vector>

#include "explain/explain.hpp"
#include "findings/finding.hpp"
#include "run/run_facts.hpp"

namespace gpudoctor::run {

inline constexpr int kRunSchemaVersion = 1;

struct RunReport {
  RunFacts facts;
  explain::ExplainResult log;                 // what the command's stderr showed
  std::vector<findings::Finding> findings;    // R96x and the log's, folded
  std::string gpudoctor_version;
};

// At most `width` characters, one per bucket of the series: ▁▂▃▄▅▆▇█ (0..100%), or
// "_.-:=+*#" when not UTF-8 (render::terminal_style decides).
std::string sparkline(const std::vector<double>& series, size_t width, bool utf8);

std::string render_run_text(const RunReport& r, bool utf8);
std::string render_run_json(const RunReport& r);

}  // namespace gpudoctor::run
