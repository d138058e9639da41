#include <fmt/format.h>

#include <map>

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

}  // namespace

// Text exposition format, for node_exporter's textfile collector or a Pushgateway:
// fleets group by `cause`, the stable vocabulary.
std::string render_prometheus(const Report& r) {
  const Redactor red(r.redact, r.facts, r.env_vars);
  std::string out;
  // An unknown verdict has no gpu_usable sample at all: 0 would page someone about a
  // fault nobody found, 1 would hide that nothing was checked.
  auto verdict = r.verdict();
  out += "# HELP gpudoctor_gpu_usable 1 when no finding says the GPU cannot be used; absent when unknown.\n";
  out += "# TYPE gpudoctor_gpu_usable gauge\n";
  if (verdict != rules::MachineVerdict::Status::unknown)
    out += fmt::format("gpudoctor_gpu_usable {}\n", verdict == rules::MachineVerdict::Status::usable ? 1 : 0);
  out += "# HELP gpudoctor_verdict_unknown 1 when the facts that decide usability could not be read.\n";
  out += "# TYPE gpudoctor_verdict_unknown gauge\n";
  out += fmt::format("gpudoctor_verdict_unknown {}\n", verdict == rules::MachineVerdict::Status::unknown ? 1 : 0);
  out += "# HELP gpudoctor_pci_gpus NVIDIA GPUs on the PCI bus.\n# TYPE gpudoctor_pci_gpus gauge\n";
  out += fmt::format("gpudoctor_pci_gpus {}\n", r.facts.pci.gpus.size());
  out += "# HELP gpudoctor_finding One series per finding, labelled with its code, severity and cause.\n";
  out += "# TYPE gpudoctor_finding gauge\n";
  for (const auto& f : r.findings)
    out += fmt::format("gpudoctor_finding{{code=\"{}\",slug=\"{}\",severity=\"{}\",cause=\"{}\",root=\"{}\"}} 1\n",
                       escape_label(f.code), escape_label(f.slug), findings::to_string(f.severity),
                       escape_label(f.cause), f.explained_by.empty() ? "true" : "false");
  std::map<std::string, int> by_sev{{"error", 0}, {"warning", 0}, {"info", 0}};
  for (const auto& f : r.findings) ++by_sev[std::string(findings::to_string(f.severity))];
  out += "# HELP gpudoctor_findings Number of findings by severity.\n# TYPE gpudoctor_findings gauge\n";
  for (const auto& [s, n] : by_sev) out += fmt::format("gpudoctor_findings{{severity=\"{}\"}} {}\n", s, n);
  out += "# HELP gpudoctor_driver_info Kernel driver version.\n# TYPE gpudoctor_driver_info gauge\n";
  out += fmt::format("gpudoctor_driver_info{{version=\"{}\",open=\"{}\"}} 1\n", escape_label(r.facts.driver.version),
                     r.facts.driver.open_kernel_module ? "true" : "false");
  return red.text(out);
}

}  // namespace gpudoctor::render
