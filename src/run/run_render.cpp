#include "run/run_render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "run/run_judge.hpp"

namespace gpudoctor::run {
namespace {

std::string gib(double bytes) { return fmt::format("{:.2f} GiB", bytes / double(1ull << 30)); }

const char* mark(findings::Severity s) {
  switch (s) {
    case findings::Severity::error: return "✗";
    case findings::Severity::warning: return "!";
    default: return "·";
  }
}
const char* ascii_mark(findings::Severity s) {
  switch (s) {
    case findings::Severity::error: return "x";
    case findings::Severity::warning: return "!";
    default: return "-";
  }
}

// The log lines a finding rests on: findings were copied out of r.log, so they are found
// again by value.
const explain::FindingLines* log_lines(const RunReport& r, const findings::Finding& fd) {
  for (size_t i = 0; i < r.log.findings.size() && i < r.log.lines.size(); ++i) {
    const auto& l = r.log.findings[i];
    if (l.code == fd.code && l.cause == fd.cause && l.message == fd.message) return &r.log.lines[i];
  }
  return nullptr;
}

}  // namespace

std::string sparkline(const std::vector<double>& series, size_t width, bool utf8) {
  static const char* const kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  static const char kAscii[] = "_.-:=+*#";
  std::string out;
  if (series.empty() || width == 0) return out;
  size_t n = std::min(width, series.size());
  for (size_t b = 0; b < n; ++b) {
    size_t lo = b * series.size() / n, hi = std::max(lo + 1, (b + 1) * series.size() / n);
    double sum = 0;
    for (size_t i = lo; i < hi; ++i) sum += series[i];
    double v = std::clamp(sum / static_cast<double>(hi - lo), 0.0, 100.0);
    int level = std::min(7, static_cast<int>(v / 100.0 * 8));
    if (utf8) out += kBlocks[level];
    else out += kAscii[level];
  }
  return out;
}

std::string render_run_text(const RunReport& r, bool utf8) {
  const RunFacts& f = r.facts;
  const RunStats& st = f.stats;
  RunSummary sum = summarize(st);
  std::string out;
  out += fmt::format("\ngpudoctor run: `{}` {} after {:.1f} s\n", shell_words(f.command, 80), describe_exit(f.exit),
                     f.wall_s);
  if (f.sampler.outcome != "ok") {
    out += "  GPU: not watched (see below)\n";
  } else {
    std::string ctx;
    if (sum.ever_context) {
      std::string pids, gpus;
      for (unsigned p : st.context_pids) pids += (pids.empty() ? "" : ",") + std::to_string(p);
      for (int g : st.context_gpus) gpus += (gpus.empty() ? "" : ",") + std::to_string(g);
      ctx = fmt::format("yes, from {:.1f} s (pid {} on GPU {})", st.first_context_s, pids, gpus);
    } else if (sum.uncertain) {
      ctx = fmt::format("probably, from {:.1f} s (matched by timing, not by pid: uncertain)", st.first_context_s);
    } else {
      ctx = st.samples == 0 ? "unknown (it ended before the first sample)" : "no, never";
    }
    out += "  GPU context:     " + ctx + "\n";
    if (sum.ever_context || sum.uncertain) {
      out += fmt::format("  GPU memory:      peak {}, mean {}\n", gib(double(st.peak_bytes)), gib(sum.mean_bytes));
      out += fmt::format("  SM utilisation:  {} ", sparkline(st.series, 60, utf8));
      if (sum.util_mean >= 0) out += fmt::format("mean {:.0f}%, peak {}%", sum.util_mean, st.util_peak);
      out += fmt::format(" ({} samples every {} ms)\n", st.samples, f.interval_ms);
      if (sum.starved_share >= 0)
        out += fmt::format("  GPU idle while CPU busy: {:.0f}% of the time it held a context\n",
                           sum.starved_share * 100);
    } else {
      out += fmt::format("  samples:         {} every {} ms on {} GPU{}\n", st.samples, f.interval_ms,
                         f.sampler.device_count, f.sampler.device_count == 1 ? "" : "s");
    }
  }
  const auto& ls = r.log.stats.scan;
  out += fmt::format("  log:             stderr only (stdout passes through unread): {} line{}, {} finding{}\n",
                     ls.lines, ls.lines == 1 ? "" : "s", r.log.findings.size(), r.log.findings.size() == 1 ? "" : "s");
  for (const auto& fd : r.findings) {
    if (!fd.explained_by.empty()) continue;
    out += fmt::format("{} [{}] {}\n", utf8 ? mark(fd.severity) : ascii_mark(fd.severity), fd.code, fd.message);
    if (const auto* lines = log_lines(r, fd))
      for (const auto& q : lines->lines) out += fmt::format("    stderr line {}: {}\n", q.line, q.text);
    for (const auto& e : fd.evidence) out += fmt::format("    {} {}: {}\n", utf8 ? "·" : "-", e.what, e.value);
    for (const auto& other : r.findings)
      if (findings::folded_under(other, fd)) out += fmt::format("    which explains [{}] {}\n", other.code, other.message);
    for (const auto& x : fd.fix) out += "    fix: " + x + "\n";
  }
  return out;
}

std::string render_run_json(const RunReport& r) {
  const RunFacts& f = r.facts;
  RunSummary sum = summarize(f.stats);
  nlohmann::json j;
  j["schema_version"] = kRunSchemaVersion;
  j["gpudoctor_version"] = r.gpudoctor_version;
  j["command"] = f.command;
  j["exit"] = f.exit;
  j["wall_s"] = f.wall_s;
  nlohmann::json gpu;
  gpu["watched"] = f.sampler.outcome == "ok";
  gpu["sampler"] = f.sampler;
  gpu["ever_context"] = sum.ever_context;
  gpu["attribution"] = sum.attribution;
  gpu["first_context_s"] = f.stats.first_context_s;
  gpu["context_pids"] = f.stats.context_pids;
  gpu["context_gpus"] = f.stats.context_gpus;
  gpu["samples"] = f.stats.samples;
  gpu["interval_ms"] = f.interval_ms;
  gpu["peak_memory_bytes"] = f.stats.peak_bytes;
  gpu["mean_memory_bytes"] = sum.mean_bytes;
  gpu["sm_util_mean"] = sum.util_mean;
  gpu["sm_util_peak"] = f.stats.util_peak;
  gpu["starved_share"] = sum.starved_share;
  gpu["sm_util_series"] = f.stats.series;
  gpu["sm_util_series_stride"] = f.stats.series_stride;
  j["gpu"] = gpu;
  j["log"] = {{"source", "stderr"},
              {"stdout_read", false},
              {"bytes", f.stderr_bytes},
              {"lines", r.log.stats.scan.lines},
              {"notes", r.log.notes}};
  nlohmann::json fs = nlohmann::json::array();
  for (const auto& fd : r.findings) {
    nlohmann::json x = fd;
    if (const auto* lines = log_lines(r, fd)) {
      nlohmann::json q = nlohmann::json::array();
      for (const auto& l : lines->lines) q.push_back({{"line", l.line}, {"text", l.text}, {"pattern", l.pattern}});
      x["stderr_lines"] = q;
    }
    fs.push_back(std::move(x));
  }
  j["findings"] = fs;
  j["facts"] = f;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace gpudoctor::run
