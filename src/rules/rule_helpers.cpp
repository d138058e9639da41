#include "rules/rule_helpers.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/strings.hpp"

namespace gpudoctor::rules {

const facts::LibraryCandidate* selected(const facts::LibraryFacts* lib) {
  if (!lib || lib->selected < 0 || static_cast<size_t>(lib->selected) >= lib->candidates.size()) return nullptr;
  return &lib->candidates[static_cast<size_t>(lib->selected)];
}

const facts::DeviceNode* device_node(const facts::Facts& f, std::string_view path) {
  for (const auto& n : f.driver.device_nodes)
    if (n.path == path) return &n;
  return nullptr;
}

bool node_present(const facts::Facts& f, std::string_view path) {
  const auto* n = device_node(f, path);
  return n && n->exists;
}

bool any_gpu_node(const facts::Facts& f) {
  for (const auto& n : f.driver.device_nodes) {
    std::string_view p = n.path;
    if (!n.exists || !util::starts_with(p, "/dev/nvidia")) continue;
    auto rest = p.substr(11);
    if (!rest.empty() && util::parse_int(rest)) return true;
  }
  return false;
}

bool in_container(const facts::Facts& f) { return !f.host.container.empty() || f.host.kubernetes; }

std::optional<std::string> env(const facts::Facts& f, std::string_view name) {
  auto it = f.env.vars.find(std::string(name));
  if (it == f.env.vars.end()) return std::nullopt;
  return it->second;
}

std::string driver_version(const facts::Facts& f) {
  if (!f.driver.version.empty()) return f.driver.version;
  if (const auto* c = selected(f.library("libcuda")); c && !c->is_stub) return c->version;
  return "";
}

std::optional<int> gpu_count(const facts::Facts& f) {
  if (!f.driver.gpus.empty()) return static_cast<int>(f.driver.gpus.size());
  if (!f.pci.gpus.empty() && !in_container(f)) return static_cast<int>(f.pci.gpus.size());
  return std::nullopt;
}

parse::KnownGpus known_gpus(const facts::Facts& f) {
  parse::KnownGpus k;
  k.count = gpu_count(f);
  const auto& nvml = f.live.nvml.gpus;
  bool nvml_uuids = !nvml.empty() && std::all_of(nvml.begin(), nvml.end(), [](const facts::NvmlGpu& g) {
    return g.index >= 0 && util::starts_with(g.uuid, "GPU-");
  });
  if (nvml_uuids) {
    std::vector<const facts::NvmlGpu*> by_index;
    for (const auto& g : nvml) by_index.push_back(&g);
    std::sort(by_index.begin(), by_index.end(), [](auto* a, auto* b) { return a->index < b->index; });
    for (const auto* g : by_index) k.uuids.push_back(g->uuid);
    k.count = static_cast<int>(k.uuids.size());
    if (std::all_of(nvml.begin(), nvml.end(), [](const facts::NvmlGpu& g) { return g.mig_current >= 0; }))
      k.any_mig = std::any_of(nvml.begin(), nvml.end(), [](const facts::NvmlGpu& g) { return g.mig_current == 1; });
    return k;
  }
  std::vector<const facts::ProcGpuInfo*> proc;
  for (const auto& g : f.driver.gpus) proc.push_back(&g);
  std::sort(proc.begin(), proc.end(), [](auto* a, auto* b) { return a->bdf < b->bdf; });
  bool all = !proc.empty() && std::all_of(proc.begin(), proc.end(), [](auto* g) { return util::starts_with(g->uuid, "GPU-"); });
  if (all)
    for (const auto* g : proc) k.uuids.push_back(g->uuid);
  return k;
}

std::string visible_entry_problem(const parse::VisibleDeviceEntry& e, const parse::EntryResolution& r,
                                  const parse::KnownGpus& gpus) {
  using S = parse::EntryResolution::Status;
  int n = gpus.count.value_or(0);
  switch (r.status) {
    case S::invalid:
      return fmt::format("'{}' is not a GPU index, UUID or MIG name", e.text);
    case S::out_of_range:
      return fmt::format("index '{}' does not exist ({} GPU{})", e.text, n, n == 1 ? "" : "s");
    case S::no_match:
      if (e.kind == parse::VisibleDeviceEntry::Kind::mig_uuid && gpus.any_mig == false)
        return fmt::format("'{}' names a MIG device, but no GPU here has MIG mode enabled", e.text);
      return fmt::format("'{}' matches no GPU here", e.text);
    case S::ambiguous:
      return fmt::format("'{}' is a prefix of {} GPUs' UUIDs, so it names none", e.text, r.matches.size());
    case S::duplicate:
      return fmt::format("'{}' names a GPU already listed", e.text);
    case S::gpu:
    case S::unchecked:
      break;
  }
  return "";
}

}  // namespace gpudoctor::rules
