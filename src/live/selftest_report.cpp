#include "live/selftest_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace gpudoctor::live {
namespace {

std::string paint(bool color, const char* code, const std::string& s) {
  return color ? fmt::format("\033[{}m{}\033[0m", code, s) : s;
}

std::string verdict_text(bool color, const std::string& v) {
  if (v == "ok") return paint(color, "32", "ok");
  if (v == "fail") return paint(color, "31;1", "FAIL");
  if (v == "slow") return paint(color, "33;1", "slow");
  return v;
}

}  // namespace

std::string format_amount(double v, const std::string& unit) {
  if (v < 0) return "-";
  if (unit == "GB/s" && v >= 1000) return fmt::format("{:.2f} TB/s", v / 1000);
  if (unit == "values") {
    if (v >= 1e6) return fmt::format("{:.1f}M values", v / 1e6);
    return fmt::format("{:.0f} values", v);
  }
  return fmt::format("{:.{}f} {}", v, v < 10 ? 2 : 1, unit);
}

std::string render_selftest_text(const SelftestReport& r, bool color) {
  std::string out;
  const auto& st = r.facts.live.selftest;
  for (const auto& d : st.devices) {
    out += paint(color, "1", fmt::format("GPU {}  {}  {}", d.ordinal, d.name, d.pci_bus_id)) + "\n";
    out += fmt::format("  {:<22} {:>14} {:>14} {:>5}  {}\n", "test", "measured", "expected", "", "verdict");
    for (const auto& row : r.rows) {
      if (row.ordinal != d.ordinal) continue;
      bool counted = row.key == "correctness" || row.key == "memtest";
      std::string expected = counted ? (row.key == "correctness" ? "all exact" : "0 errors")
                                     : row.expected > 0 ? format_amount(row.expected, row.unit) : "?";
      std::string ratio = !counted && row.expected > 0 && row.measured >= 0
                              ? fmt::format("{:.0f}%", 100 * row.measured / row.expected)
                              : "";
      std::string measured = row.key == "memtest" && row.measured >= 0 ? fmt::format("{:.2f} GiB", row.measured)
                                                                        : format_amount(row.measured, row.unit);
      out += fmt::format("  {:<22} {:>14} {:>14} {:>5}  {}{}\n", row.test, measured, expected, ratio,
                         verdict_text(color, row.verdict), row.note.empty() ? "" : ": " + row.note);
      if (!counted && !row.basis.empty()) out += fmt::format("  {:<37} {}\n", "", paint(color, "2", "(" + row.basis + ")"));
    }
    for (const auto& e : d.errors)
      out += fmt::format("  {} {} returned {} {}\n", paint(color, "31", "step failed:"), e.call, e.code, e.name);
    out += "\n";
  }
  int errors = 0, warnings = 0;
  for (const auto& f : r.findings) {
    if (f.severity == findings::Severity::info || !f.explained_by.empty()) continue;
    errors += f.severity == findings::Severity::error;
    warnings += f.severity == findings::Severity::warning;
    out += fmt::format("{} [{}] {}\n", f.severity == findings::Severity::error ? paint(color, "31;1", "error")
                                                                               : paint(color, "33;1", "warning"),
                       f.code, f.message);
    for (size_t i = 0; i < f.fix.size(); ++i) out += fmt::format("    {} {}\n", i == 0 ? "fix:" : "    ", f.fix[i]);
  }
  if (st.devices.empty() && errors == 0) out += "no GPU was tested\n";
  if (errors == 0 && warnings == 0 && !st.devices.empty())
    out += paint(color, "32;1", "selftest passed") + "\n";
  else
    out += fmt::format("selftest: {} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                       warnings == 1 ? "" : "s");
  return out;
}

std::string render_selftest_json(const SelftestReport& r) {
  nlohmann::ordered_json j;
  j["schema_version"] = kSelftestSchemaVersion;
  j["kind"] = "selftest";
  j["gpu_usable"] = findings::gpu_usable(r.findings);
  auto rows = nlohmann::ordered_json::array();
  for (const auto& row : r.rows)
    rows.push_back({{"gpu", row.ordinal}, {"key", row.key}, {"test", row.test}, {"measured", row.measured},
                    {"expected", row.expected}, {"unit", row.unit}, {"basis", row.basis}, {"verdict", row.verdict},
                    {"note", row.note}});
  j["rows"] = rows;
  j["findings"] = nlohmann::ordered_json::parse(nlohmann::json(r.findings).dump());
  j["facts"] = nlohmann::ordered_json::parse(nlohmann::json(r.facts).dump());
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace gpudoctor::live
