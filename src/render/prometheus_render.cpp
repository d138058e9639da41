// Prometheus text exposition 0.0.4, for node_exporter's textfile collector, a
// Pushgateway or a scrape. Names and units follow Prometheus's naming practice
// (research/fleet.md §5): one application prefix, base units, `_info` for metadata,
// `_timestamp_seconds` for times, every severity present with zeros, no hostname label
// (the scraper adds `instance`), and no client-side timestamps (node_exporter drops a
// file that has them). `promtool check metrics` accepts the output; a test runs it.
//
// Every family has at most one series per label set: a code that fires for two
// environments or two GPUs gives one series per (code, subject).
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "render/report.hpp"

namespace gpudoctor::render {
namespace {

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void family(std::string& out, std::string_view name, std::string_view help, std::string_view type = "gauge") {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// "00000000:01:00.0" (NVML) and "0000:01:00.0" (sysfs, libcuda) name the same device.
std::string normalise_bus_id(std::string_view id) {
  std::string s(id);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto colon = s.find(':');
  if (colon != std::string::npos && colon > 4) s.erase(0, colon - 4);
  return s;
}

struct GpuId {
  std::string uuid;
  std::string pci_bus_id;  // as NVML writes it, which is what dcgm-exporter exports
};

// GPUs the driver named, keyed by normalised PCI bus id: NVML first, then libcuda.
std::map<std::string, GpuId> known_gpus(const facts::Facts& f) {
  std::map<std::string, GpuId> gpus;
  for (const auto& g : f.live.nvml.gpus)
    if (!g.uuid.empty() && !g.pci_bus_id.empty()) gpus.emplace(normalise_bus_id(g.pci_bus_id), GpuId{g.uuid, g.pci_bus_id});
  for (const auto& d : f.live.cuda.devices)
    if (!d.uuid.empty() && !d.pci_bus_id.empty()) gpus.emplace(normalise_bus_id(d.pci_bus_id), GpuId{d.uuid, d.pci_bus_id});
  return gpus;
}

// 1 ran and answered, 0 failed (could not read, timed out, crashed); absent when not run.
std::map<std::string, int> probe_success(const facts::Facts& f) {
  std::map<std::string, int> ok;
  ok["pci"] = f.pci.sysfs_readable ? 1 : 0;
  for (const char* p : {"driver", "loader", "libraries", "toolkit", "env", "frameworks"}) ok[p] = 1;
  for (const auto& p : f.problems) ok[p.probe] = 0;
  auto live = [&](const char* name, const facts::LiveRun& run) {
    if (run.outcome == "ok") ok[name] = 1;
    else if (run.outcome == "timeout" || run.outcome == "crashed" || run.outcome == "error") ok[name] = 0;
  };
  if (f.live.ran) {
    live("live_cuda", f.live.cuda.run);
    live("live_nvml", f.live.nvml.run);
  }
  return ok;
}

std::string prometheus_subject(const findings::Finding& f) { return f.subject.empty() ? "machine" : f.subject; }

}  // namespace

std::string render_prometheus(const Report& r) {
  const Redactor red(r.redact, r.facts, r.env_vars);  // subjects may name private paths
  std::string out;
  family(out, "gpudoctor_build_info", "gpudoctor's version and the date of its knowledge base.");
  out += fmt::format("gpudoctor_build_info{{version=\"{}\",kb_date=\"{}\"}} 1\n", escape_label(GPUDOCTOR_VERSION),
                     escape_label(r.kb_date));

  // An unknown verdict has no gpu_usable sample at all: 0 would page someone about a
  // fault nobody found, 1 would hide that nothing was checked.
  auto verdict = r.verdict();
  family(out, "gpudoctor_gpu_usable", "1 when no finding says the GPU cannot be used; absent when unknown.");
  if (verdict != rules::MachineVerdict::Status::unknown)
    out += fmt::format("gpudoctor_gpu_usable {}\n", verdict == rules::MachineVerdict::Status::usable ? 1 : 0);
  family(out, "gpudoctor_verdict_unknown", "1 when the facts that decide usability could not be read.");
  out += fmt::format("gpudoctor_verdict_unknown {}\n", verdict == rules::MachineVerdict::Status::unknown ? 1 : 0);
  family(out, "gpudoctor_pci_gpus", "NVIDIA GPUs on the PCI bus.");
  out += fmt::format("gpudoctor_pci_gpus {}\n", r.facts.pci.gpus.size());

  // One series per (code, subject); the subject is an environment, a GPU, a library or
  // "machine". A finding that is a root cause anywhere is a root cause here.
  struct Series {
    const findings::Finding* f = nullptr;
    bool root = false;
  };
  std::map<std::pair<std::string, std::string>, Series> series;
  for (const auto& f : r.findings) {
    auto& s = series[{f.code, prometheus_subject(f)}];
    if (!s.f) s.f = &f;
    s.root |= f.explained_by.empty();
  }
  family(out, "gpudoctor_finding",
         "1 for each finding, per code and subject (an environment, a GPU, a library or the machine); "
         "root is false when another finding explains it.");
  for (const auto& [key, s] : series)
    out += fmt::format(
        "gpudoctor_finding{{code=\"{}\",slug=\"{}\",severity=\"{}\",cause=\"{}\",root=\"{}\",subject=\"{}\"}} 1\n",
        escape_label(s.f->code), escape_label(s.f->slug), findings::to_string(s.f->severity), escape_label(s.f->cause),
        s.root ? "true" : "false", escape_label(key.second));

  // The same findings about one GPU, labelled as dcgm-exporter labels its series, so a
  // query can join them on UUID. Only GPUs whose UUID the driver told.
  auto gpus = known_gpus(r.facts);
  std::set<std::tuple<std::string, std::string>> gpu_series;
  std::string gpu_lines;
  for (const auto& [key, s] : series) {
    auto g = gpus.find(normalise_bus_id(key.second));
    if (g == gpus.end() || !gpu_series.emplace(g->second.uuid, key.first).second) continue;
    gpu_lines += fmt::format(
        "gpudoctor_gpu_finding{{UUID=\"{}\",pci_bus_id=\"{}\",code=\"{}\",severity=\"{}\",cause=\"{}\"}} 1\n",
        escape_label(g->second.uuid), escape_label(g->second.pci_bus_id), escape_label(s.f->code),
        findings::to_string(s.f->severity), escape_label(s.f->cause));
  }
  if (!gpus.empty()) {
    family(out, "gpudoctor_gpu_info", "1 for each GPU the driver named; UUID and pci_bus_id as dcgm-exporter writes them.");
    for (const auto& [bus, g] : gpus)
      out += fmt::format("gpudoctor_gpu_info{{UUID=\"{}\",pci_bus_id=\"{}\"}} 1\n", escape_label(g.uuid),
                         escape_label(g.pci_bus_id));
  }
  if (!gpu_lines.empty()) {
    family(out, "gpudoctor_gpu_finding", "1 for each finding about one GPU, to join dcgm-exporter's series on UUID.");
    out += gpu_lines;
  }

  std::map<std::string, int> by_sev{{"error", 0}, {"warning", 0}, {"info", 0}};
  for (const auto& [key, s] : series) ++by_sev[std::string(findings::to_string(s.f->severity))];
  family(out, "gpudoctor_findings", "Findings by severity, one per code and subject.");
  for (const auto& [s, n] : by_sev) out += fmt::format("gpudoctor_findings{{severity=\"{}\"}} {}\n", s, n);

  family(out, "gpudoctor_probe_success", "1 when the probe read what it needed, 0 when it could not; "
                                         "live probes only when they ran.");
  for (const auto& [p, ok] : probe_success(r.facts))
    out += fmt::format("gpudoctor_probe_success{{probe=\"{}\"}} {}\n", escape_label(p), ok);

  family(out, "gpudoctor_driver_info", "Kernel driver version.");
  out += fmt::format("gpudoctor_driver_info{{version=\"{}\",open=\"{}\"}} 1\n", escape_label(r.facts.driver.version),
                     r.facts.driver.open_kernel_module ? "true" : "false");

  if (r.finished_unix_s > 0) {
    family(out, "gpudoctor_last_run_timestamp_seconds", "When this report was made, in seconds since the epoch.");
    out += fmt::format("gpudoctor_last_run_timestamp_seconds {:.3f}\n", r.finished_unix_s);
  }
  if (r.duration_s >= 0) {
    family(out, "gpudoctor_run_duration_seconds", "How long probing and diagnosing took.");
    out += fmt::format("gpudoctor_run_duration_seconds {:.6f}\n", r.duration_s);
  }
  return red.text(out);
}

}  // namespace gpudoctor::render
