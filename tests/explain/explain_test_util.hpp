#pragma once
// Shared by the explain tests: the embedded knowledge base, loaded once.
#include <string>

#include "explain/explain.hpp"
#include "explain/message_kb.hpp"
#include "kb/kb.hpp"
#include "rules/paste_rules.hpp"

namespace gpudoctor::explain::testing {

inline const kb::Kb& the_kb() {
  static const kb::Kb kb = kb::Kb::load();
  return kb;
}

inline const MessageKb& the_mkb() {
  static const MessageKb mkb = MessageKb::load(the_kb());
  return mkb;
}

// explain as the CLI runs it: pasted facts judged by the static rules that need only them.
inline ExplainResult explain_paste(std::string_view text) {
  ExplainOptions opt;
  opt.judge = [](const facts::Facts& f) { return rules::judge_pasted_facts(f, the_kb()); };
  return explain_text(text, the_mkb(), opt);
}

// The root cause a user reads first: the first unfolded error, else the first unfolded
// warning, else "benign" when nothing points at a problem.
inline std::string top_cause(const ExplainResult& r) {
  for (auto sev : {findings::Severity::error, findings::Severity::warning})
    for (const auto& f : r.findings)
      if (f.explained_by.empty() && f.severity == sev) return f.cause;
  return "benign";
}

inline const findings::Finding* find_code(const ExplainResult& r, std::string_view code) {
  for (const auto& f : r.findings)
    if (f.code == code) return &f;
  return nullptr;
}

}  // namespace gpudoctor::explain::testing
