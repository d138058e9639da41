#include <fmt/format.h>

#include "render/area_summary.hpp"
#include "render/frameworks_section.hpp"
#include "render/problems_section.hpp"
#include "render/report.hpp"

namespace gpudoctor::render {

// A report to paste into a bug report: what was redacted, a heading, the verdict, the
// findings as a list, and the facts in a collapsed details block.
std::string render_markdown(const Report& in) {
  const Redactor red(in.redact, in.facts, in.env_vars);
  Report r = in;
  r.facts = red.facts(in.facts);
  std::string out = redaction_notice(in.redact.level);
  out += "\n## gpudoctor report\n\n";
  out += fmt::format("**Verdict:** {}  \n", verdict_phrase(r));
  for (const auto& u : r.unknown) out += fmt::format("unknown because {}  \n", u);
  out += fmt::format("gpudoctor {}, knowledge base {}, collected {}\n\n", r.facts.gpudoctor_version, r.kb_date,
                     r.facts.collected_at);
  const auto areas = summarize_areas(r.facts, r.env_vars);
  out += "| area | found |\n| --- | --- |\n";
  for (const auto& a : areas) out += fmt::format("| {} | {} |\n", a.title, a.summary);
  out += "\n";
  out += frameworks_markdown(r);
  out += problems_markdown(r);
  out += "### Findings\n\n";
  if (r.findings.empty()) out += "None.\n";
  for (const auto& f : r.findings) {
    out += fmt::format("{}- **{}** `{}` ({}, cause `{}`): {}\n", f.explained_by.empty() ? "" : "  ",
                       findings::to_string(f.severity), f.code, f.slug, f.cause, f.message);
    std::string pad = f.explained_by.empty() ? "  " : "    ";
    for (const auto& e : f.evidence) out += fmt::format("{}- {}: `{}`\n", pad, e.what, e.value);
    for (const auto& x : f.fix) out += fmt::format("{}- fix: `{}`\n", pad, x);
  }
  out += "\n<details><summary>Facts</summary>\n\n";
  for (const auto& a : areas) {
    out += fmt::format("**{}**: {}\n\n", a.title, a.summary);
    if (!a.details.empty()) {
      out += "```\n";
      for (const auto& d : a.details) out += d + "\n";
      out += "```\n\n";
    }
  }
  out += "</details>\n";
  return markdown_escape_placeholders(red.text(out));
}

}  // namespace gpudoctor::render
