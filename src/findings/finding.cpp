#include "findings/finding.hpp"

#include <algorithm>
#include <iterator>

namespace gpudoctor::findings {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "info";
}

namespace {

// Framework findings are about one install each (their subject): a root about one install
// never explains what is found about another. Elsewhere subjects name different things
// that do explain each other (the dso lines under "Cannot dlopen some GPU libraries").
bool same_install(const Finding& a, const Finding& b) {
  if (a.area != "frameworks" || b.area != "frameworks") return true;
  return a.subject.empty() || b.subject.empty() || a.subject == b.subject;
}

// The order people fix things in: the machine (GPU, platform, driver) before the
// libraries and settings on it, those before what one framework install needs.
int layer(const std::string& area) {
  static const char* const kOrder[] = {"hardware", "platform",   "driver",   "environment", "libraries", "toolkit",
                                       "live",     "selftest",   "frameworks", "explain",   "run"};
  for (size_t i = 0; i < std::size(kOrder); ++i)
    if (area == kOrder[i]) return static_cast<int>(i);
  return static_cast<int>(std::size(kOrder));
}

}  // namespace

void fold(std::vector<Finding>& findings) {
  for (auto& f : findings) f.explained_by.clear();
  for (const auto& root : findings) {
    for (const auto& code : root.explains) {
      for (auto& other : findings) {
        if (&other == &root || other.code != code || !other.explained_by.empty()) continue;
        if (!same_install(root, other)) continue;
        if (other.explains.end() != std::find(other.explains.begin(), other.explains.end(), root.code))
          continue;  // mutual claims: leave both at top level
        other.explained_by = root.code;
      }
    }
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    bool ra = a.explained_by.empty(), rb = b.explained_by.empty();
    if (ra != rb) return ra;
    if (a.severity != b.severity) return a.severity > b.severity;
    if (layer(a.area) != layer(b.area)) return layer(a.area) < layer(b.area);
    return a.code < b.code;
  });
}

bool folded_under(const Finding& consequence, const Finding& root) {
  return &consequence != &root && consequence.explained_by == root.code && same_install(root, consequence);
}

bool gpu_usable(const std::vector<Finding>& findings) {
  return std::none_of(findings.begin(), findings.end(),
                      [](const Finding& f) { return f.severity == Severity::error; });
}

}  // namespace gpudoctor::findings
