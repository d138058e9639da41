#pragma once
// Text, JSON and Markdown for `gpudoctor explain`, in the same styles as the main report:
// findings with ✗/! marks, evidence and fix (text); an object with schema_version,
// findings (each with cause and the log lines it rests on) and benign (JSON).
#include <string>

#include "explain/explain.hpp"

namespace gpudoctor::explain {

inline constexpr int kExplainSchemaVersion = 1;

struct ReportMeta {
  std::string source;          // the file name, or "-" for stdin
  std::string gpudoctor_version;
  std::string kb_date;
  std::string kb_origin;
  bool probed = false;         // facts of this machine were combined in
};

struct TextStyle {
  bool color = false;
  bool verbose = false;  // list every benign group and info finding
};

std::string render_text(const ExplainResult& r, const ReportMeta& m, const TextStyle& st);
std::string render_json(const ExplainResult& r, const ReportMeta& m);
std::string render_markdown(const ExplainResult& r, const ReportMeta& m);

}  // namespace gpudoctor::explain
