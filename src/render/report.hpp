#pragma once
// The product of one diagnosis: facts in, findings out, plus what the renderers need.
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "findings/finding.hpp"
#include "kb/env_vars.hpp"
#include "render/redact.hpp"
#include "rules/framework/verdict.hpp"

namespace gpudoctor::render {

inline constexpr int kReportSchemaVersion = 1;

struct Report {
  facts::Facts facts;
  std::vector<findings::Finding> findings;
  std::string kb_date;
  std::string kb_origin;
  std::vector<rules::FrameworkVerdict> frameworks;  // one verdict per install (after --framework)
  double finished_unix_s = 0;  // when the report was made (seconds since the epoch); 0 = not told
  double duration_s = -1;      // probing + diagnosing took; < 0 = not told
  // Why the verdict is unknown (rules::machine_verdict): the facts that decide it are
  // missing. Empty when known.
  std::vector<std::string> unknown;
  // An error finding makes it not_usable whatever is unknown; then unknown; else usable.
  rules::MachineVerdict::Status verdict() const {
    if (!findings::gpu_usable(findings)) return rules::MachineVerdict::Status::not_usable;
    return unknown.empty() ? rules::MachineVerdict::Status::usable : rules::MachineVerdict::Status::unknown;
  }
  bool gpu_usable() const { return verdict() == rules::MachineVerdict::Status::usable; }
  RedactOptions redact;                              // what every output leaves out (secrets by default)
  kb::EnvVarList env_vars = kb::EnvVarList::embedded();  // the variables shown, with why they matter
};

struct TextOptions {
  bool color = false;
  bool verbose = false;  // show info findings and every candidate
  bool unicode = true;
};

std::string render_text(const Report& r, const TextOptions& opt);
std::string render_json(const Report& r);      // documented in docs/json-schema.md
std::string render_markdown(const Report& r);
std::string render_prometheus(const Report& r);
// node-problem-detector custom plugin: one line of at most kNpdMaxBytes, the code first.
inline constexpr size_t kNpdMaxBytes = 80;  // NPD's default max_output_length
std::string render_npd(const Report& r);
// No error finding, but the hardware could not be seen or a live probe failed: neither
// "usable" nor "not usable".
bool verdict_unknown(const Report& r);
// A label value NFD accepts: <= 63 characters of [A-Za-z0-9_.-], alphanumeric at both ends.
std::string nfd_label_value(std::string_view v);
// Node Feature Discovery local feature file; labels expire `expiry_s` after `r.finished_unix_s`.
std::string render_nfd(const Report& r, double expiry_s);
// The facts alone, as `gpudoctor collect` writes them: redacted like a report, so a facts file
// can be shared; `gpudoctor --facts` still reads redacted variables as set.
std::string render_facts_json(const facts::Facts& f, const RedactOptions& redact,
                              const kb::EnvVarList& env_vars = kb::EnvVarList::embedded());

}  // namespace gpudoctor::render
