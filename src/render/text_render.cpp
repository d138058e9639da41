#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "render/area_summary.hpp"
#include "render/frameworks_section.hpp"
#include "render/problems_section.hpp"
#include "render/report.hpp"

namespace gpudoctor::render {
namespace {

using findings::Severity;

struct Style {
  bool color;
  bool unicode;
  std::string paint(std::string_view code, std::string_view s) const {
    return color ? fmt::format("\033[{}m{}\033[0m", code, s) : std::string(s);
  }
  std::string neutral() const { return paint("2", unicode ? "·" : "[-]"); }
  std::string mark(Severity worst, bool any) const {
    if (!any) return paint("32", unicode ? "✓" : "[ok]");
    if (worst == Severity::error) return paint("31;1", unicode ? "✗" : "[x]");
    if (worst == Severity::warning) return paint("33;1", unicode ? "!" : "[!]");
    return paint("32", unicode ? "✓" : "[ok]");
  }
  std::string sev(Severity s) const {
    switch (s) {
      case Severity::error: return paint("31;1", "error");
      case Severity::warning: return paint("33;1", "warning");
      case Severity::info: return paint("36", "info");
    }
    return "";
  }
};

void render_finding(std::string& out, const findings::Finding& f, const Style& st, std::string_view indent) {
  out += fmt::format("{}{} [{}] {}\n", indent, st.sev(f.severity), st.paint("1", f.code), f.message);
  std::string sub(indent);
  sub += "    ";
  for (const auto& e : f.evidence) out += fmt::format("{}{} {}: {}\n", sub, st.unicode ? "·" : "-", e.what, e.value);
  if (!f.explanation.empty()) out += fmt::format("{}{}\n", sub, f.explanation);
  for (size_t i = 0; i < f.fix.size(); ++i)
    out += fmt::format("{}{} {}\n", sub, i == 0 ? st.paint("32", "fix:") : "    ", f.fix[i]);
}

// A consequence may itself explain others (H101 -> C601 -> L301 -> R903): each level is
// indented under the one that explains it. fold() never makes cycles; depth is capped anyway.
// Without --verbose a consequence is one line: fixing the root fixes it, so its own
// explanation and fix would only bury the root's.
void render_consequences(std::string& out, const std::vector<findings::Finding>& all, const findings::Finding& root,
                         const Style& st, const std::string& indent, int depth, bool verbose) {
  if (depth > 8) return;
  bool first = true;
  for (const auto& c : all) {
    if (!findings::folded_under(c, root)) continue;
    if (!verbose && c.severity == Severity::info) continue;
    if (first && (verbose || depth == 0)) out += fmt::format("{}    {}\n", indent, st.paint("2", "which also explains:"));
    first = false;
    std::string sub = indent + (verbose || depth == 0 ? "    " : "  ");
    if (verbose)
      render_finding(out, c, st, sub);
    else
      out += fmt::format("{}{}{} [{}] {}\n", sub, depth == 0 ? "" : (st.unicode ? "└ " : "`- "), st.sev(c.severity),
                         st.paint("1", c.code), c.message);
    render_consequences(out, all, c, st, sub, depth + 1, verbose);
  }
}

// Areas that have no summary of their own are named by their findings.
std::string area_title(std::string_view area) {
  if (area == "live") return "Driver, asked live";
  if (area == "frameworks") return "Frameworks";
  if (area == "selftest") return "Self-test";
  if (area == "run") return "Run";
  return std::string(area);
}

}  // namespace

std::string render_text(const Report& in, const TextOptions& opt) {
  const Redactor red(in.redact, in.facts, in.env_vars);
  Report r = in;
  r.facts = red.facts(in.facts);
  Style st{opt.color, opt.unicode};
  std::string out = st.paint("1", "gpudoctor " + r.facts.gpudoctor_version) +
                    fmt::format(" {} knowledge base {}\n\n", st.unicode ? "—" : "-", r.kb_date.empty() ? "?" : r.kb_date);
  auto areas = summarize_areas(r.facts, r.env_vars);
  std::map<std::string, std::pair<Severity, bool>> worst;
  for (const auto& f : r.findings) {
    if (f.severity == Severity::info) continue;
    auto& w = worst[f.area];
    if (!w.second || f.severity > w.first) w = {f.severity, true};
  }
  for (const auto& a : areas) {
    auto w = worst.count(a.area) ? worst[a.area] : std::pair<Severity, bool>{Severity::info, false};
    std::string mark = !w.second && a.absent ? st.neutral() : st.mark(w.first, w.second);
    out += fmt::format("{} {}: {}\n", mark, st.paint("1", a.title), a.summary);
    if (opt.verbose)
      for (const auto& d : a.details) out += fmt::format("      {}\n", d);
  }
  // Areas that only findings know about (frameworks, live, ...). Frameworks have a block
  // of their own when there are verdicts: one line per install.
  std::string frameworks = render_frameworks_section(r, opt);
  for (const auto& entry : worst) {
    // Named, not a structured binding: clang before 16 can't capture those in a lambda.
    const auto& area = entry.first;
    const auto& w = entry.second;
    if (std::any_of(areas.begin(), areas.end(), [&](const AreaLine& a) { return a.area == area; })) continue;
    if (area == "frameworks" && !frameworks.empty()) continue;
    // findings are sorted roots first, so this is the area's root when it has one.
    const findings::Finding* first = nullptr;
    for (const auto& f : r.findings)
      if (!first && f.area == area && f.severity == w.first) first = &f;
    out += fmt::format("{} {}: {}\n", st.mark(w.first, w.second), st.paint("1", area_title(area)),
                       first ? first->message : "");
  }
  if (!frameworks.empty()) out += "\n" + frameworks;

  std::vector<const findings::Finding*> roots;
  for (const auto& f : r.findings)
    if (f.explained_by.empty() && (opt.verbose || f.severity != Severity::info)) roots.push_back(&f);
  if (!roots.empty()) out += "\n";
  for (const auto* f : roots) {
    render_finding(out, *f, st, "");
    render_consequences(out, r.findings, *f, st, "", 0, opt.verbose);
    out += "\n";
  }
  if (auto problems = render_problems_text(r, st.unicode); !problems.empty()) out += problems + "\n";
  // Root errors are what the user has to fix; folded ones follow from them.
  int errors = 0, warnings = 0, folded = 0;
  for (const auto& f : r.findings) {
    if (!f.explained_by.empty()) {
      folded += f.severity != Severity::info;
      continue;
    }
    errors += f.severity == Severity::error;
    warnings += f.severity == Severity::warning;
  }
  std::string folded_text =
      folded ? fmt::format(" (and {} consequence{} folded under them)", folded, folded == 1 ? "" : "s") : "";
  if (r.verdict() == rules::MachineVerdict::Status::unknown) {
    // No error, but something that decides it could not be read: never a ✓.
    out += st.paint("33;1", "Whether the GPU is usable is unknown") + fmt::format(": {}.\n", r.unknown.front());
    for (size_t i = 1; i < r.unknown.size(); ++i) out += fmt::format("  also: {}\n", r.unknown[i]);
  } else if (r.gpu_usable())
    out += st.paint("32;1", "The GPU should be usable") + fmt::format(" ({} warning{}).\n", warnings, warnings == 1 ? "" : "s");
  else {
    const findings::Finding* top = roots.empty() ? nullptr : roots.front();
    out += st.paint("31;1", "The GPU cannot be used") +
           fmt::format(": {}{} error{}, {} warning{}{}.\n", top ? top->message + (st.unicode ? " — " : " - ") : "", errors,
                       errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", folded_text);
    if (top) out += fmt::format("Details of any code: gpudoctor explain-code {}\n", top->code);
  }
  return red.text(out);
}

}  // namespace gpudoctor::render
