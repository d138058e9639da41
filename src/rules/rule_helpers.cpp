#include "rules/rule_helpers.hpp"

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
  // NVML counts every GPU whatever CUDA_VISIBLE_DEVICES says: the live child's count.
  if (f.live.nvml.device_count_result == 0 && f.live.nvml.device_count > 0) return f.live.nvml.device_count;
  return std::nullopt;
}

}  // namespace gpudoctor::rules
