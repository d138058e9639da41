#include <fmt/format.h>

#include "live/code_names.hpp"
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules::live_util {

std::string cuda_code(const Context& ctx, int code) {
  return fmt::format("{} {}", code, live::cuda_code_name(ctx.kb, code));
}

std::string nvml_code(const Context& ctx, int code) {
  return fmt::format("{} {}", code, live::nvml_code_name(ctx.kb, code));
}

std::optional<int> cuinit_result(const facts::Facts& f) {
  if (!f.live.ran || !f.live.cuda.library.loaded || f.live.cuda.init_result < 0) return std::nullopt;
  return f.live.cuda.init_result;
}

bool cuda_sees_no_device(const facts::Facts& f) {
  auto r = cuinit_result(f);
  if (!r) return false;
  return *r == kCuNoDevice || (*r == 0 && f.live.cuda.device_count == 0);
}

findings::Evidence libcuda_evidence(const facts::Facts& f) {
  const auto& l = f.live.cuda.library;
  std::string where = l.path.empty() ? "?" : l.path;
  if (!l.real_path.empty() && l.real_path != l.path) where += " -> " + l.real_path;
  return {"dlopen(\"libcuda.so.1\") in the child", l.loaded ? where : "failed: " + l.error};
}

findings::Evidence nvml_evidence(const facts::Facts& f) {
  const auto& l = f.live.nvml.library;
  std::string where = l.path.empty() ? "?" : l.path;
  if (!l.real_path.empty() && l.real_path != l.path) where += " -> " + l.real_path;
  return {"dlopen(\"libnvidia-ml.so.1\") in the child", l.loaded ? where : "failed: " + l.error};
}

std::optional<std::string> env(const facts::Facts& f, const std::string& name) {
  auto it = f.env.vars.find(name);
  if (it == f.env.vars.end()) return std::nullopt;
  return it->second;
}

findings::Finding cuinit_finding(const Context& ctx, const RuleInfo& info, std::string what) {
  const auto& c = ctx.facts.live.cuda;
  auto x = make_finding(info, fmt::format("cuInit returned {}: {}", cuda_code(ctx, c.init_result), what));
  x.subject = "libcuda";
  x.evidence.push_back(libcuda_evidence(ctx.facts));
  x.evidence.push_back({"cuInit(0)", cuda_code(ctx, c.init_result)});
  if (c.driver_version > 0)
    x.evidence.push_back({"cuDriverGetVersion", fmt::format("{} (CUDA {}.{})", c.driver_version,
                                                            c.driver_version / 1000, c.driver_version % 1000 / 10)});
  return x;
}

bool visible_devices_hide_all(const facts::Facts& f) {
  auto cvd = env(f, "CUDA_VISIBLE_DEVICES");
  if (!cvd || !cuda_sees_no_device(f)) return false;
  const std::string& v = *cvd;
  bool hides_by_value = v.empty() || v == "-1" || v == "none" || v == "NoDevFiles" || v[0] == '-';
  return hides_by_value || !f.pci.gpus.empty() || f.live.nvml.device_count > 0;
}

// cuInit's 3/999 family: what libcuda answers when it cannot reach nvidia_uvm, and after
// a suspend/resume that broke it (pytorch/pytorch#49081).
bool cuinit_uvm_family(const facts::Facts& f) {
  auto r = cuinit_result(f);
  return r && (*r == kCuNotInitialized || *r == kCuUnknown);
}

// nvidia_uvm not loaded, or its device node missing (the node is listed only when probed).
bool uvm_missing(const facts::Facts& f) {
  if (!f.driver.nvidia_uvm_loaded) return true;
  for (const auto& n : f.driver.device_nodes)
    if (n.path == "/dev/nvidia-uvm" && !n.exists) return true;
  return false;
}

std::string code_meaning(const kb::Kb& kb, const char* table, int code) {
  const kb::Table* t = kb.table(table);
  if (!t) return "";
  for (size_t r = 0; r < t->rows.size(); ++r)
    if (t->get(r, "code") == std::to_string(code)) return t->get(r, "meaning");
  return "";
}

std::string short_command(const std::string& command, size_t max) {
  if (command.empty()) return "?";
  if (command.size() <= max) return command;
  return command.substr(0, max - 3) + "...";
}

std::string gib(unsigned long long bytes) {
  return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
}

std::string gpu_subject(const std::string& bus_id, int index) {
  return bus_id.empty() ? fmt::format("GPU {}", index) : bus_id;
}

}  // namespace gpudoctor::rules::live_util
