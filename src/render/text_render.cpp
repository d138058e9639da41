#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "render/area_summary.hpp"
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

}  // namespace

std::string render_text(const Report& r, const TextOptions& opt) {
  Style st{opt.color, opt.unicode};
  std::string out = st.paint("1", "gpudoctor " + r.facts.gpudoctor_version) +
                    fmt::format(" — knowledge base {}\n\n", r.kb_date.empty() ? "?" : r.kb_date);
  auto areas = summarize_areas(r.facts);
  std::map<std::string, std::pair<Severity, bool>> worst;
  for (const auto& f : r.findings) {
    if (f.severity == Severity::info) continue;
    auto& w = worst[f.area];
    if (!w.second || f.severity > w.first) w = {f.severity, true};
  }
  for (const auto& a : areas) {
    auto w = worst.count(a.area) ? worst[a.area] : std::pair<Severity, bool>{Severity::info, false};
    out += fmt::format("{} {}: {}\n", st.mark(w.first, w.second), st.paint("1", a.title), a.summary);
    if (opt.verbose)
      for (const auto& d : a.details) out += fmt::format("      {}\n", d);
  }
  // Areas that only findings know about (frameworks, live, ...).
  for (const auto& [area, w] : worst) {
    if (std::any_of(areas.begin(), areas.end(), [&](const AreaLine& a) { return a.area == area; })) continue;
    out += fmt::format("{} {}\n", st.mark(w.first, w.second), st.paint("1", area));
  }

  std::vector<const findings::Finding*> roots;
  for (const auto& f : r.findings)
    if (f.explained_by.empty() && (opt.verbose || f.severity != Severity::info)) roots.push_back(&f);
  if (!roots.empty()) out += "\n";
  for (const auto* f : roots) {
    render_finding(out, *f, st, "");
    for (const auto& c : r.findings)
      if (c.explained_by == f->code) {
        out += fmt::format("    {}\n", st.paint("2", "which also explains:"));
        render_finding(out, c, st, "    ");
      }
    out += "\n";
  }
  if (!r.facts.problems.empty()) {
    out += st.paint("2", "could not read:") + "\n";
    for (const auto& p : r.facts.problems)
      out += fmt::format("  {} ({}): {}\n", p.path, p.probe, p.error);
    out += "\n";
  }
  int errors = 0, warnings = 0;
  for (const auto& f : r.findings) {
    errors += f.severity == Severity::error;
    warnings += f.severity == Severity::warning;
  }
  if (r.gpu_usable())
    out += st.paint("32;1", "The GPU should be usable") + fmt::format(" ({} warning{}).\n", warnings, warnings == 1 ? "" : "s");
  else {
    const findings::Finding* top = roots.empty() ? nullptr : roots.front();
    out += st.paint("31;1", "The GPU cannot be used") +
           fmt::format(": {}{} error{}, {} warning{}.\n", top ? top->message + " — " : "", errors, errors == 1 ? "" : "s",
                       warnings, warnings == 1 ? "" : "s");
    if (top) out += fmt::format("Details of any code: gpudoctor explain-code {}\n", top->code);
  }
  return out;
}

}  // namespace gpudoctor::render
