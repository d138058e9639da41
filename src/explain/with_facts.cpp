#include "explain/with_facts.hpp"

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gpudoctor::explain {
namespace {

constexpr const char* kHere = "this machine";

std::string file_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string dir_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? std::string(".") : std::string(path.substr(0, slash));
}

std::string display_of(const facts::LibraryFacts& lf) { return lf.display.empty() ? lf.id : lf.display; }

std::string describe(const facts::LibraryCandidate& c) {
  std::string v = c.version.empty() ? "" : c.version + " ";
  return v + "at " + c.path + (c.is_stub ? " (the toolkit's stub)" : "");
}

// What this machine holds for the library a log line could not load.
std::string library_evidence(const facts::LibraryFacts& lf, const std::string& soname) {
  const facts::LibraryCandidate* same = nullptr;
  for (const auto& c : lf.candidates)
    if (!soname.empty() && (c.soname == soname || file_name(c.path) == soname)) {
      same = &c;
      if (c.on_loader_path) break;
    }
  if (same && same->on_loader_path)
    return fmt::format("{} is at {} and the loader finds it here, so the log comes from another environment "
                       "(virtualenv, conda, container) or another LD_LIBRARY_PATH",
                       soname, same->path);
  if (same)
    return fmt::format("{} exists at {} but is not on the loader path: add {} to LD_LIBRARY_PATH", soname, same->path,
                       dir_name(same->path));
  std::vector<std::string> have;
  for (const auto& c : lf.candidates)
    if (c.error.empty()) have.push_back(describe(c));
  std::string wanted = soname.empty() ? "" : fmt::format("the log wants {}; ", soname);
  if (have.empty()) return fmt::format("{}this machine has no {} at all", wanted, display_of(lf));
  if (have.size() > 3) have.resize(3), have.push_back("...");
  return fmt::format("{}this machine has {} {} only", wanted, display_of(lf), util::join(have, ", "));
}

void add(findings::Finding& f, std::string value) { f.evidence.push_back({kHere, std::move(value)}); }

const facts::LibraryCandidate* selected(const facts::LibraryFacts* lf) {
  if (!lf || lf->selected < 0 || static_cast<size_t>(lf->selected) >= lf->candidates.size()) return nullptr;
  return &lf->candidates[static_cast<size_t>(lf->selected)];
}

std::string value(const FindingLines& l, const char* key) {
  auto it = l.values.find(key);
  return it == l.values.end() ? "" : it->second;
}

void libraries(findings::Finding& f, const FindingLines& l, const facts::Facts& facts) {
  for (const auto& [id, soname] : l.libraries) {
    if (id.empty()) continue;
    if (const facts::LibraryFacts* lf = facts.library(id)) add(f, library_evidence(*lf, soname));
  }
}

// TensorFlow >= 2.14 no longer logs which library failed; say which ones this machine lacks.
void tf_required(findings::Finding& f, const facts::Facts& facts) {
  std::vector<std::string> missing;
  for (const char* id : {"cudart", "cublas", "cufft", "cusolver", "cusparse", "cudnn"}) {
    const facts::LibraryFacts* lf = facts.library(id);
    if (!lf) continue;
    bool found = false;
    for (const auto& c : lf->candidates) found = found || (c.on_loader_path && c.error.empty());
    if (!found) missing.push_back(display_of(*lf));
  }
  if (!missing.empty()) add(f, "the loader finds no " + util::join(missing, ", ") + " here");
}

void libcuda(findings::Finding& f, const facts::Facts& facts) {
  const facts::LibraryFacts* lf = facts.library("libcuda");
  if (!lf) return;
  if (const auto* c = selected(lf)) {
    if (c->is_stub) {
      add(f, fmt::format("the loader picks the toolkit's stub {} here", c->path));
      f.cause = "libcuda_stub";
    } else {
      add(f, fmt::format("the loader finds libcuda {}here", describe(*c) + " "));
    }
  } else if (lf->candidates.empty() && !facts.host.container.empty()) {
    // The NVIDIA runtime mounts the host's libcuda into the container only when asked to.
    add(f, fmt::format("no libcuda.so.1 in this {} container: it was started without the NVIDIA runtime "
                       "(--gpus all, NVIDIA_DRIVER_CAPABILITIES=compute,utility)",
                       facts.host.container));
    f.cause = "container_no_gpu";
  } else if (lf->candidates.empty()) {
    add(f, "no libcuda.so.1 on this machine: the NVIDIA driver's user-space part is not installed here");
  } else {
    add(f, library_evidence(*lf, "libcuda.so.1"));
  }
}

void driver_state(findings::Finding& f, const facts::Facts& facts) {
  const auto& d = facts.driver;
  if (d.nvidia_loaded || d.proc_version_present) {
    add(f, fmt::format("the nvidia module {} is loaded here now", d.version.empty() ? "" : d.version + " "));
  } else if (d.module_installed) {
    add(f, fmt::format("nvidia.ko is installed here ({}) but not loaded", d.module_path));
    f.cause = d.nouveau_loaded ? "nouveau" : "driver_not_loaded";
  } else {
    add(f, "no nvidia kernel module is installed for the running kernel here");
    f.cause = "driver_not_installed";
  }
}

void no_device(findings::Finding& f, const facts::Facts& facts) {
  if (auto it = facts.env.vars.find("CUDA_VISIBLE_DEVICES"); it != facts.env.vars.end()) {
    add(f, fmt::format("CUDA_VISIBLE_DEVICES is '{}' here", it->second));
    f.cause = "visible_devices_hidden";
    return;
  }
  if (facts.pci.sysfs_readable && facts.pci.gpus.empty()) {
    add(f, "no NVIDIA GPU on this machine's PCI bus");
    f.cause = facts.host.container.empty() ? "no_gpu_hardware" : "container_no_gpu";
    return;
  }
  if (!facts.host.container.empty()) {
    bool node = false;
    for (const auto& n : facts.driver.device_nodes)
      if (n.path == "/dev/nvidia0" && n.exists) node = true;
    if (!node) {
      add(f, fmt::format("running in a {} container without /dev/nvidia0", facts.host.container));
      f.cause = "container_no_gpu";
    }
  }
}

void driver_version(findings::Finding& f, const FindingLines& l, const facts::Facts& facts, const kb::Kb& kb) {
  if (!facts.driver.version.empty()) add(f, fmt::format("the driver here is {}", facts.driver.version));
  std::string cuda = value(l, "cuda_needed");
  if (cuda.empty()) cuda = value(l, "cuda_ptxas");
  if (cuda.empty()) return;
  std::string need = kb.min_driver_for_cuda(cuda);
  if (need.empty()) return;
  std::string verdict;
  if (!facts.driver.version.empty())
    verdict = util::compare_versions(facts.driver.version, need) < 0 ? ": too old" : ": new enough";
  add(f, fmt::format("CUDA {} needs driver {} or newer (Linux){}", cuda, need, verdict));
}

void mismatch(findings::Finding& f, const facts::Facts& facts) {
  const auto* c = selected(facts.library("libcuda"));
  if (facts.driver.version.empty() && !c) return;
  add(f, fmt::format("kernel module {} here, libcuda {}", facts.driver.version.empty() ? "?" : facts.driver.version,
                     c && !c->version.empty() ? c->version : "?"));
}

void gpus(findings::Finding& f, const facts::Facts& facts) {
  for (const auto& g : facts.pci.gpus)
    if (!g.compute_capability.empty())
      add(f, fmt::format("GPU {} here: {} (compute capability {})", g.bdf, g.name.empty() ? g.device_id : g.name,
                         g.compute_capability));
}

}  // namespace

void add_machine_facts(ExplainResult& r, const facts::Facts& facts, const MessageKb& mkb, const kb::Kb& kb) {
  for (size_t i = 0; i < r.findings.size(); ++i) {
    auto& f = r.findings[i];
    const auto& l = r.lines[i];
    if (f.code == "X801" || f.code == "X802") libraries(f, l, facts);
    if (f.code == "X823") tf_required(f, facts);
    if (f.code == "X805" || f.code == "X806") libcuda(f, facts);
    if (f.code == "X818" || f.code == "X826") driver_state(f, facts);
    if (f.code == "X808") no_device(f, facts);
    if (f.code == "X809") driver_version(f, l, facts, kb);
    if (f.code == "X817") mismatch(f, facts);
    if (f.code == "X810" || f.code == "X811" || f.code == "X812") gpus(f, facts);
  }
  finalize(r, mkb);
}

}  // namespace gpudoctor::explain
