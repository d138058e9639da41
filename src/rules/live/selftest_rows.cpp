#include "rules/live/selftest_rows.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gpudoctor::rules::live_util {
namespace {

std::string amount(double v, const std::string& unit) {
  if (unit == "values") return fmt::format("{:.0f} values", v);
  return fmt::format("{:.{}f} {}", v, v < 10 ? 2 : 1, unit);
}

}  // namespace

void selftest_row_findings(const Context& ctx, const RuleInfo& info, std::vector<findings::Finding>& out,
                           std::string_view verdict, std::initializer_list<std::string_view> keys,
                           std::string_view explanation, std::vector<std::string> fix) {
  if (!ctx.facts.live.selftest.ran) return;
  for (const auto& r : live::judge_selftest(ctx.facts, ctx.kb)) {
    if (r.verdict != verdict || std::find(keys.begin(), keys.end(), r.key) == keys.end()) continue;
    std::string name, bus;
    for (const auto& d : ctx.facts.live.selftest.devices)
      if (d.ordinal == r.ordinal) {
        name = d.name;
        bus = d.pci_bus_id;
      }
    std::string figure = r.expected > 0 ? fmt::format("{} of {} expected ({:.0f}%)", amount(r.measured, r.unit),
                                                      amount(r.expected, r.unit), 100 * r.measured / r.expected)
                                        : amount(r.measured, r.unit);
    auto x = make_finding(info, fmt::format("GPU {} ({}): {} {}{}", r.ordinal, name, r.test, figure,
                                            r.note.empty() ? "" : ": " + r.note));
    x.subject = gpu_subject(bus, r.ordinal);
    x.evidence.push_back({"selftest " + r.key, figure});
    if (!r.basis.empty()) x.evidence.push_back({"expected from", r.basis});
    x.explanation = std::string(explanation);
    x.fix = fix;
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules::live_util
