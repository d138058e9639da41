#pragma once
// A finding: what is wrong (or notable), the evidence, why it matters and the fix.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gpudoctor::findings {

enum class Severity { info, warning, error };
NLOHMANN_JSON_SERIALIZE_ENUM(Severity, {{Severity::info, "info"}, {Severity::warning, "warning"},
                                        {Severity::error, "error"}})
std::string_view to_string(Severity s);

struct Evidence {
  std::string what;   // a path, a variable, a source ("/proc/driver/nvidia/version")
  std::string value;  // what it held
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Evidence, what, value)

struct Finding {
  std::string code;      // stable, e.g. "K203"; never reused
  std::string slug;      // "nouveau_bound"
  Severity severity = Severity::info;
  std::string cause;     // one slug from shared/CAUSES.md
  std::string area;      // "hardware", "driver", "libraries", "environment", ...
  std::string message;   // one line with the observed values
  std::vector<Evidence> evidence;
  std::string explanation;
  std::vector<std::string> fix;       // commands or steps a user can paste
  std::vector<std::string> explains;  // codes of findings this one is the root cause of
  std::string explained_by;           // set by fold(): code of the root finding
  std::string subject;                // what it is about when several ("0000:01:00.0", an env path)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Finding, code, slug, severity, cause, area, message, evidence,
                                                explanation, fix, explains, explained_by, subject)

// Orders root causes first (errors before warnings before info, then by code) and
// marks each finding named in another's `explains` as folded under it.
void fold(std::vector<Finding>& findings);

// Whether `consequence` is folded under `root`: its explained_by names root's code, and
// for framework findings both are about the same install (or root is machine-wide).
bool folded_under(const Finding& consequence, const Finding& root);

// True when no finding says the GPU cannot be used.
bool gpu_usable(const std::vector<Finding>& findings);

}  // namespace gpudoctor::findings
