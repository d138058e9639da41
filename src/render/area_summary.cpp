#include "render/area_summary.hpp"

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gpudoctor::render {
namespace {

AreaLine platform_line(const facts::Facts& f) {
  AreaLine a{"platform", "Platform", "", {}};
  const auto& h = f.host;
  std::string os = h.os_pretty_name.empty() ? "Linux" : h.os_pretty_name;
  a.summary = fmt::format("{}, kernel {}, {}{}", os, h.kernel_release.empty() ? "?" : h.kernel_release,
                          h.arch.empty() ? "?" : h.arch, h.glibc_version.empty() ? "" : ", glibc " + h.glibc_version);
  if (h.is_wsl) a.summary += ", WSL2";
  if (!h.container.empty()) a.summary += ", container: " + h.container;
  if (h.kubernetes) a.summary += ", Kubernetes pod";
  for (const auto& e : h.container_evidence) a.details.push_back(e);
  for (const auto& e : h.kubernetes_evidence) a.details.push_back(e);
  return a;
}

AreaLine hardware_line(const facts::Facts& f) {
  AreaLine a{"hardware", "NVIDIA GPUs on the PCI bus", "", {}};
  if (f.pci.gpus.empty()) {
    a.summary = f.pci.sysfs_readable ? fmt::format("none ({} PCI devices scanned)", f.pci.devices_scanned)
                                     : "PCI bus not readable";
  } else {
    std::vector<std::string> names;
    for (const auto& g : f.pci.gpus) {
      names.push_back(fmt::format("{} [{}]", g.name.empty() ? "NVIDIA device " + g.device_id : g.name, g.bdf));
      a.details.push_back(fmt::format("{}: {} {} cc {} driver {} link Gen{} x{} (max Gen{} x{}) numa {}", g.bdf,
                                      g.device_id, g.chip, g.compute_capability.empty() ? "?" : g.compute_capability,
                                      g.driver.empty() ? "none" : g.driver, g.current_link_gen,
                                      g.current_link_width, g.max_link_gen, g.max_link_width, g.numa_node));
    }
    a.summary = fmt::format("{}: {}", f.pci.gpus.size(), util::join(names, ", "));
  }
  return a;
}

AreaLine driver_line(const facts::Facts& f) {
  AreaLine a{"driver", "Kernel driver", "", {}};
  const auto& d = f.driver;
  if (d.nvidia_loaded || !d.version.empty()) {
    a.summary = fmt::format("nvidia {} ({}), nvidia_uvm {}", d.version.empty() ? "?" : d.version,
                            d.open_kernel_module ? "open" : "proprietary",
                            d.nvidia_uvm_loaded ? "loaded" : "not loaded");
  } else if (d.nouveau_loaded) {
    a.summary = "nouveau loaded, no nvidia module";
  } else {
    a.summary = d.module_installed ? "nvidia module installed but not loaded" : "no nvidia kernel module";
    a.absent = true;
  }
  int present = 0;
  for (const auto& n : d.device_nodes) {
    if (n.exists) ++present;
    a.details.push_back(fmt::format("{}: {}", n.path,
                                    n.exists ? fmt::format("{} {}:{} mode {} {}", n.is_char_device ? "char" : "not char",
                                                           n.major, n.minor, n.mode,
                                                           n.can_read && n.can_write ? "rw" : "no access")
                                             : "missing"));
  }
  a.summary += fmt::format(", {} device node{}", present, present == 1 ? "" : "s");
  return a;
}

AreaLine libraries_line(const facts::Facts& f) {
  AreaLine a{"libraries", "CUDA libraries", "", {}};
  std::vector<std::string> parts;
  for (const auto& l : f.libraries) {
    if (l.selected >= 0 && static_cast<size_t>(l.selected) < l.candidates.size()) {
      const auto& c = l.candidates[static_cast<size_t>(l.selected)];
      parts.push_back(fmt::format("{} {}", l.id, c.version.empty() ? "?" : c.version));
    } else if (!l.candidates.empty()) {
      parts.push_back(l.id + " (not on loader path)");
    }
    for (size_t i = 0; i < l.candidates.size(); ++i) {
      const auto& c = l.candidates[i];
      a.details.push_back(fmt::format("{} {} {} {} via {}{}{}", static_cast<int>(i) == l.selected ? "*" : " ", l.id,
                                      c.path, c.version.empty() ? "?" : c.version, c.found_via,
                                      c.is_stub ? " [stub]" : "", c.error.empty() ? "" : " (" + c.error + ")"));
    }
  }
  a.summary = parts.empty() ? "none found" : util::join(parts, ", ");
  a.absent = parts.empty();
  return a;
}

AreaLine toolkit_line(const facts::Facts& f) {
  AreaLine a{"toolkit", "CUDA toolkit", "", {}};
  std::vector<std::string> parts;
  for (const auto& r : f.toolkit.roots) {
    parts.push_back(fmt::format("{} at {}", r.version.empty() ? "?" : r.version, r.path));
    a.details.push_back(fmt::format("{}: nvcc {} ptxas {} libdevice {}", r.path, r.nvcc_version.empty() ? "-" : r.nvcc_version,
                                    r.ptxas_version.empty() ? "-" : r.ptxas_version,
                                    r.libdevice_path.empty() ? "-" : r.libdevice_path));
  }
  a.summary = parts.empty() ? "none found" : util::join(parts, "; ");
  a.absent = parts.empty();
  return a;
}

// Every variable the allow-list shows, with the reason it matters (kb/env_vars.tsv).
AreaLine environment_line(const facts::Facts& f, const kb::EnvVarList& env_vars) {
  AreaLine a{"environment", "Environment", "", {}};
  auto it = f.env.vars.find("CUDA_VISIBLE_DEVICES");
  a.summary = it == f.env.vars.end() ? fmt::format("{} unset", "CUDA_VISIBLE_DEVICES")
                                     : fmt::format("CUDA_VISIBLE_DEVICES=\"{}\"", it->second);
  for (const auto& [k, v] : f.env.vars) {
    const kb::EnvVarRow* row = env_vars.match(k);
    if (!row || !row->shown) continue;
    a.details.push_back(fmt::format("{}={}  # {}", k, v, row->reason));
  }
  return a;
}

}  // namespace

std::vector<AreaLine> summarize_areas(const facts::Facts& f, const kb::EnvVarList& env_vars) {
  return {platform_line(f), hardware_line(f), driver_line(f), libraries_line(f), toolkit_line(f),
          environment_line(f, env_vars)};
}

}  // namespace gpudoctor::render
