#include "explain/explain_render.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace gpudoctor::explain {
namespace {

using findings::Severity;

std::string paint(const TextStyle& st, std::string_view code, std::string_view s) {
  return st.color ? fmt::format("\033[{}m{}\033[0m", code, s) : std::string(s);
}

std::string sev(const TextStyle& st, Severity s) {
  switch (s) {
    case Severity::error: return paint(st, "31;1", "error");
    case Severity::warning: return paint(st, "33;1", "warning");
    case Severity::info: return paint(st, "36", "info");
  }
  return "";
}

std::string line_list(const std::vector<QuotedLine>& lines, uint64_t count) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? ", " : "") + std::to_string(lines[i].line);
  if (count > lines.size()) out += fmt::format(" (+{} more)", count - lines.size());
  return out;
}

void text_finding(std::string& out, const ExplainResult& r, const findings::Finding& f, const TextStyle& st,
                  std::string_view indent) {
  out += fmt::format("{}{} [{}] {}\n", indent, sev(st, f.severity), paint(st, "1", f.code), f.message);
  std::string sub = std::string(indent) + "    ";
  if (const FindingLines* l = r.lines_of(f)) {
    for (const auto& q : l->lines) out += fmt::format("{}· line {}: {}\n", sub, q.line, q.text);
    if (l->count > l->lines.size()) out += fmt::format("{}· ... {} more line(s)\n", sub, l->count - l->lines.size());
  }
  for (const auto& e : f.evidence) out += fmt::format("{}· {}: {}\n", sub, e.what, e.value);
  out += fmt::format("{}{}\n", sub, paint(st, "2", "cause: " + f.cause));
  if (!f.explanation.empty()) out += fmt::format("{}{}\n", sub, f.explanation);
  for (size_t i = 0; i < f.fix.size(); ++i)
    out += fmt::format("{}{} {}\n", sub, i == 0 ? paint(st, "32", "fix:") : "    ", f.fix[i]);
}

nlohmann::ordered_json quoted(const QuotedLine& q) {
  return {{"line", q.line}, {"text", q.text}, {"pattern", q.pattern}};
}

}  // namespace

std::string render_text(const ExplainResult& r, const ReportMeta& m, const TextStyle& st) {
  std::string out = paint(st, "1", "gpudoctor explain") +
                    fmt::format(" — {}: {} line{}, {} recognised ({} pointing at problems, {} harmless){}\n\n",
                                m.source == "-" ? "standard input" : m.source, r.stats.scan.lines,
                                r.stats.scan.lines == 1 ? "" : "s", r.stats.matched_segments,
                                r.stats.finding_segments, r.stats.benign_segments + r.stats.ok_segments,
                                m.probed ? ", combined with this machine's facts" : "");
  size_t shown = 0;
  for (const auto& f : r.findings) {
    if (!f.explained_by.empty() || (!st.verbose && f.severity == Severity::info)) continue;
    ++shown;
    text_finding(out, r, f, st, "");
    for (const auto& c : r.findings)
      if (c.explained_by == f.code) {
        out += fmt::format("    {}\n", paint(st, "2", "which also explains:"));
        text_finding(out, r, c, st, "    ");
      }
    out += "\n";
  }
  std::vector<const BenignGroup*> noise, ok;
  for (const auto& b : r.benign) (b.kind == "ok" ? ok : noise).push_back(&b);
  if (!noise.empty()) {
    out += paint(st, "1", "Harmless lines (benign):") + "\n";
    for (const auto* b : noise)
      out += fmt::format("  line {}: {} [{}]\n", line_list(b->lines, b->count), b->note, b->pattern);
    out += "\n";
  }
  if (!ok.empty()) {
    out += paint(st, "1", "Signs the GPU works:") + "\n";
    for (const auto* b : ok) out += fmt::format("  line {}: {} [{}]\n", line_list(b->lines, b->count), b->note, b->pattern);
    out += "\n";
  }
  for (const auto& n : r.notes) out += paint(st, "2", "note: " + n) + "\n";
  if (r.stats.scan.truncated) out += paint(st, "2", fmt::format("note: {} overlong line(s) were cut", r.stats.scan.truncated)) + "\n";
  if (!r.notes.empty() || r.stats.scan.truncated) out += "\n";

  const findings::Finding* top = nullptr;
  for (const auto& f : r.findings)
    if (f.explained_by.empty() && f.severity == Severity::error) {
      top = &f;
      break;
    }
  if (top) {
    out += paint(st, "31;1", "Root cause") + fmt::format(": {} (cause {})\n", top->message, top->cause);
    out += fmt::format("Details of any code: gpudoctor explain-code {}\n", top->code);
  } else if (shown > 0) {
    out += paint(st, "33;1", "No error in this log") + ", only warnings.\n";
  } else if (r.gpu_seen_working()) {
    out += paint(st, "32;1", "No known GPU problem in this log") + ", and it shows the GPU in use.\n";
  } else {
    out += paint(st, "32;1", "No known GPU problem in this log") + ".\n";
  }
  return out;
}

std::string render_json(const ExplainResult& r, const ReportMeta& m) {
  nlohmann::ordered_json j;
  j["schema_version"] = kExplainSchemaVersion;
  j["kind"] = "explain";
  j["gpudoctor_version"] = m.gpudoctor_version;
  j["source"] = m.source;
  j["gpu_problem_found"] = r.has_error();
  j["gpu_seen_working"] = r.gpu_seen_working();
  j["probed"] = m.probed;
  j["kb"] = {{"date", m.kb_date}, {"origin", m.kb_origin}};
  int counts[3] = {0, 0, 0};
  for (const auto& f : r.findings) ++counts[static_cast<int>(f.severity)];
  j["summary"] = {{"error", counts[2]}, {"warning", counts[1]}, {"info", counts[0]}};
  const auto& s = r.stats;
  j["stats"] = {{"bytes", s.scan.bytes},
                {"lines", s.scan.lines},
                {"segments", s.scan.segments},
                {"truncated", s.scan.truncated},
                {"recognised", s.matched_segments},
                {"problem_lines", s.finding_segments},
                {"benign_lines", s.benign_segments},
                {"ok_lines", s.ok_segments}};
  auto arr = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.findings.size(); ++i) {
    auto f = nlohmann::ordered_json::parse(
        nlohmann::json(r.findings[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    auto lines = nlohmann::ordered_json::array();
    for (const auto& q : r.lines[i].lines) lines.push_back(quoted(q));
    f["lines"] = std::move(lines);
    f["line_count"] = r.lines[i].count;
    f["patterns"] = r.lines[i].patterns;
    arr.push_back(std::move(f));
  }
  j["findings"] = std::move(arr);
  auto benign = nlohmann::ordered_json::array();
  for (const auto& b : r.benign) {
    auto lines = nlohmann::ordered_json::array();
    for (const auto& q : b.lines) lines.push_back(quoted(q));
    benign.push_back({{"pattern", b.pattern}, {"kind", b.kind}, {"note", b.note}, {"count", b.count},
                      {"lines", std::move(lines)}});
  }
  j["benign"] = std::move(benign);
  j["notes"] = r.notes;
  // Quoted lines are sanitised already; replace keeps a stray byte from ever aborting output.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string render_markdown(const ExplainResult& r, const ReportMeta& m) {
  std::string out = "## gpudoctor explain\n\n";
  const findings::Finding* top = nullptr;
  for (const auto& f : r.findings)
    if (f.explained_by.empty() && f.severity == Severity::error) {
      top = &f;
      break;
    }
  out += fmt::format("**Verdict:** {}  \n", top ? fmt::format("`{}` {} (cause `{}`)", top->code, top->message, top->cause)
                                                : std::string("no known GPU problem in this log"));
  out += fmt::format("gpudoctor {}, knowledge base {}, log {} ({} lines, {} recognised){}\n\n", m.gpudoctor_version,
                     m.kb_date, m.source == "-" ? "from standard input" : "`" + m.source + "`", r.stats.scan.lines,
                     r.stats.matched_segments, m.probed ? ", combined with this machine's facts" : "");
  out += "### Findings\n\n";
  if (r.findings.empty()) out += "None.\n";
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const auto& f = r.findings[i];
    std::string pad = f.explained_by.empty() ? "  " : "    ";
    out += fmt::format("{}- **{}** `{}` ({}, cause `{}`): {}\n", f.explained_by.empty() ? "" : "  ",
                       findings::to_string(f.severity), f.code, f.slug, f.cause, f.message);
    for (const auto& q : r.lines[i].lines) out += fmt::format("{}- line {}: `{}`\n", pad, q.line, q.text);
    for (const auto& e : f.evidence) out += fmt::format("{}- {}: {}\n", pad, e.what, e.value);
    for (const auto& x : f.fix) out += fmt::format("{}- fix: `{}`\n", pad, x);
  }
  if (!r.benign.empty()) {
    out += "\n<details><summary>Recognised harmless lines</summary>\n\n| lines | kind | note | pattern |\n| --- | --- | --- | --- |\n";
    for (const auto& b : r.benign)
      out += fmt::format("| {} | {} | {} | `{}` |\n", line_list(b.lines, b.count), b.kind, b.note, b.pattern);
    out += "\n</details>\n";
  }
  return out;
}

}  // namespace gpudoctor::explain
