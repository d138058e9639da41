#pragma once
// `gpudoctor explain`'s engine: reads a log (any size, streamed), matches every line against
// the message knowledge base and returns the findings it points at (root causes first, each
// quoting its lines), the lines it recognised as harmless, and counts. Independent of the CLI;
// facts probed on this machine can be folded in afterwards (explain/with_facts.hpp).
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "explain/context.hpp"
#include "explain/line_scanner.hpp"
#include "explain/message_kb.hpp"
#include "findings/finding.hpp"

namespace gpudoctor::explain {

struct QuotedLine {
  uint64_t line = 0;
  std::string text;     // sanitised, valid UTF-8, capped
  std::string pattern;  // id of the row that matched
};

// Per finding, what the log showed (parallel to ExplainResult::findings).
struct FindingLines {
  std::vector<QuotedLine> lines;  // the first few, in log order
  uint64_t count = 0;             // all lines that pointed at this finding
  std::vector<std::string> patterns;
  // (facts library id, file name as logged), for combining with this machine's libraries.
  std::vector<std::pair<std::string, std::string>> libraries;
  std::map<std::string, std::string> values;  // first value seen per capture name
};

struct BenignGroup {
  std::string pattern;
  std::string kind;  // "benign" (harmless noise) or "ok" (a sign the GPU works)
  std::string note;
  uint64_t count = 0;
  std::vector<QuotedLine> lines;  // the first few
};

struct ExplainStats {
  ScanStats scan;
  uint64_t matched_segments = 0;
  uint64_t finding_segments = 0;
  uint64_t benign_segments = 0;
  uint64_t ok_segments = 0;
  bool read_error = false;  // the stream failed before its end
};

struct ExplainResult {
  std::vector<findings::Finding> findings;  // folded: roots first, consequences marked
  std::vector<FindingLines> lines;          // parallel to findings
  std::vector<BenignGroup> benign;          // in order of first appearance
  ExplainStats stats;
  std::vector<std::string> notes;           // e.g. "facts of this machine were not used: ..."
  PasteContext context;                     // what the paste showed besides log messages

  bool has_error() const;
  bool gpu_seen_working() const;            // some `ok` line
  const FindingLines* lines_of(const findings::Finding& f) const;
};

// Judges facts read from a paste with the static rules that only need what a paste can show
// (rules::judge_pasted_facts; passed in so that explain does not depend on the rules layer).
using FactsJudge = std::function<std::vector<findings::Finding>(const facts::Facts&)>;

struct ExplainOptions {
  FactsJudge judge;  // empty: pasted facts only refine and rank, no static rule runs
  size_t max_segment = kDefaultMaxSegment;
  size_t quoted_per_finding = 5;
  size_t quoted_per_benign = 3;
  size_t messages_per_finding = 4;
};

ExplainResult explain_log(std::istream& in, const MessageKb& kb, const ExplainOptions& opt = {});
ExplainResult explain_text(std::string_view text, const MessageKb& kb, const ExplainOptions& opt = {});

// Re-applies the knowledge base's "explains" relations and the evidence order after findings
// were changed (explain_log does this itself; with_facts uses it after adding evidence).
void finalize(ExplainResult& r, const MessageKb& kb);

}  // namespace gpudoctor::explain
