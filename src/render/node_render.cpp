// Short node verdicts for the cluster agents that act on them:
// - node-problem-detector's custom plugin contract: stdout is trimmed and cut to
//   max_output_length bytes (80 by default) and becomes the node condition's message,
//   so the stable code comes first (kubernetes/node-problem-detector
//   pkg/custompluginmonitor/plugin/plugin.go; research/fleet.md §3.3).
// - Node Feature Discovery's local feature files: `name=value` lines, label values of at
//   most 63 characters, alphanumeric at both ends with `-_.` inside, and an
//   `# +expiry-time=` directive so labels of a node whose gpudoctor stopped running die
//   (node-feature-discovery docs/usage/customization-guide.md; fleet.md §3.2).
#include <fmt/format.h>

#include <cctype>
#include <ctime>

#include "render/report.hpp"

namespace gpudoctor::render {
namespace {

// Cuts at a UTF-8 character boundary so NPD never shows half a character.
std::string cut_utf8(std::string s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

const findings::Finding* first_root_error(const Report& r) {
  for (const auto& f : r.findings)
    if (f.severity == findings::Severity::error && f.explained_by.empty()) return &f;
  for (const auto& f : r.findings)
    if (f.severity == findings::Severity::error) return &f;
  return nullptr;
}

int root_errors(const Report& r) {
  int n = 0;
  for (const auto& f : r.findings) n += f.severity == findings::Severity::error && f.explained_by.empty();
  return n;
}

bool label_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; }

std::string iso_utc(double unix_s) {
  std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

bool verdict_unknown(const Report& r) {
  switch (r.verdict()) {
    case rules::MachineVerdict::Status::not_usable: return false;  // an error finding is a verdict
    case rules::MachineVerdict::Status::unknown: return true;      // the deciding facts are missing
    case rules::MachineVerdict::Status::usable: break;
  }
  if (!r.facts.pci.sysfs_readable) return true;  // no view of the hardware at all
  auto failed = [](const facts::LiveRun& run) {
    return run.outcome == "timeout" || run.outcome == "crashed" || run.outcome == "error";
  };
  return r.facts.live.ran && (failed(r.facts.live.cuda.run) || failed(r.facts.live.nvml.run));
}

std::string render_npd(const Report& r) {
  std::string msg;
  if (const auto* f = first_root_error(r)) {
    int more = root_errors(r) - 1;
    std::string tail = more > 0 ? fmt::format(" (+{} more)", more) : "";
    const Redactor red(r.redact, r.facts, r.env_vars);  // the message may name private paths
    msg = cut_utf8(one_line(red.text(f->code + " " + f->cause + ": " + f->message)), kNpdMaxBytes - tail.size()) + tail;
  } else if (verdict_unknown(r)) {
    msg = "UNKNOWN gpudoctor could not see the GPU (a probe failed); run gpudoctor on the node";
  } else {
    msg = fmt::format("OK {} NVIDIA GPU(s) usable", r.facts.pci.gpus.size());
  }
  return cut_utf8(msg, kNpdMaxBytes) + "\n";
}

std::string nfd_label_value(std::string_view v) {
  std::string out;
  for (char c : v) out += label_char(c) ? c : '-';
  if (out.size() > 63) out.resize(63);
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  while (!out.empty() && !alnum(out.back())) out.pop_back();
  size_t b = 0;
  while (b < out.size() && !alnum(out[b])) ++b;
  return out.substr(b);
}

std::string render_nfd(const Report& r, double expiry_s) {
  std::string out = fmt::format("# gpudoctor {}: GPU verdict for scheduling; rewritten on every run\n", GPUDOCTOR_VERSION);
  out += fmt::format("# +expiry-time={}\n", iso_utc(r.finished_unix_s + expiry_s));
  const char* usable = r.verdict() == rules::MachineVerdict::Status::not_usable ? "false"
                       : verdict_unknown(r)                                      ? "unknown"
                                                                                 : "true";
  out += fmt::format("gpudoctor.io/gpu-usable={}\n", usable);
  if (const auto* f = first_root_error(r)) {
    out += fmt::format("gpudoctor.io/code={}\n", nfd_label_value(f->code));
    out += fmt::format("gpudoctor.io/cause={}\n", nfd_label_value(f->cause));
  }
  out += fmt::format("gpudoctor.io/root-errors={}\n", root_errors(r));
  return out;
}

}  // namespace gpudoctor::render
