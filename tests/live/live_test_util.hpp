#pragma once
// Helpers for tests/live: running the built gpudoctor with a chosen environment, fake
// driver library locations, temporary directories, and hand-made live facts.
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "live/child_process.hpp"

namespace gpudoctor::live::testkit {

inline std::string fake_dir(const std::string& name) { return std::string(GD_FAKES_DIR) + "/" + name; }
inline std::string fake_lib(const std::string& dir, const std::string& file) { return fake_dir(dir) + "/" + file; }

// A directory removed when the object goes.
struct TempDir {
  std::string path;
  TempDir() {
    std::string t = (std::filesystem::temp_directory_path() / "gdlive.XXXXXX").string();
    path = ::mkdtemp(t.data()) ? t : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

struct Run {
  int exit_code = -1;
  std::string out;  // stdout
  double elapsed_s = 0;
  ChildResult raw;
  nlohmann::json json() const { return nlohmann::json::parse(out, nullptr, false); }
  // Codes of the findings in a --json report.
  std::vector<std::string> codes() const {
    std::vector<std::string> c;
    auto j = json();
    if (j.is_object() && j.contains("findings"))
      for (const auto& f : j["findings"]) c.push_back(f.value("code", ""));
    return c;
  }
  bool has(const std::string& code) const {
    for (const auto& c : codes())
      if (c == code) return true;
    return false;
  }
};

// Runs the built gpudoctor; its stdout comes back through run_child's protocol channel
// (the shell points stdout at fd 3), its stderr is discarded.
inline Run run_gpudoctor(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                         double timeout_s = 120, const std::vector<std::string>& unset = {}) {
  ChildSpec spec;
  spec.argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" >&3 2>/dev/null", GD_BINARY};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env_set = env;
  spec.env_unset = unset;
  spec.timeout_s = timeout_s;
  Run r;
  r.raw = run_child(spec, [&](std::string_view line) {
    r.out.append(line);
    r.out += '\n';
  });
  r.exit_code = r.raw.status == ChildResult::Status::exited ? r.raw.exit_code : -1;
  r.elapsed_s = r.raw.elapsed_s;
  return r;
}

// The environment that makes the fake libcuda (and, when asked, the fake NVML) the ones
// dlopen finds, whatever this machine has.
inline std::map<std::string, std::string> fake_env(const std::string& cuda_mode, bool with_nvml = false,
                                                   const std::string& nvml_mode = "") {
  std::string path = fake_dir("cuda");
  if (with_nvml) path += ":" + fake_dir("nvml");
  return {{"LD_LIBRARY_PATH", path}, {"GD_FAKE_CUDA", cuda_mode}, {"GD_FAKE_NVML", nvml_mode}};
}

// True when a plain dlopen finds some libcuda.so.1 on this machine.
inline bool system_has_libcuda() {
  void* h = ::dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (h) {
    ::dlclose(h);
    return true;
  }
  h = ::dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
  if (h) ::dlclose(h);
  return h != nullptr;
}

// Facts as the live child would leave them after a successful run with `devices` GPUs.
inline facts::Facts live_ok_facts(int devices = 1) {
  facts::Facts f;
  f.live.ran = true;
  f.live.outcome = "ok";
  auto& c = f.live.cuda;
  c.run.outcome = "ok";
  c.library = {"libcuda.so.1", true, "/usr/lib/x86_64-linux-gnu/libcuda.so.1",
               "/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.15", ""};
  c.driver_version_result = 0;
  c.driver_version = 12040;
  c.init_result = 0;
  c.init_result_name = "CUDA_SUCCESS";
  c.device_count_result = 0;
  c.device_count = devices;
  for (int i = 0; i < devices; ++i) {
    facts::CudaDevice d;
    d.ordinal = i;
    d.name = "NVIDIA H100 80GB HBM3";
    d.pci_bus_id = "0000:1" + std::to_string(i) + ":00.0";
    d.cc_major = 9;
    d.cc_minor = 0;
    d.sm_count = 132;
    d.clock_khz = 1980000;
    d.mem_clock_khz = 2619000;
    d.bus_width_bits = 5120;
    d.compute_mode = 0;
    d.total_mem_bytes = 80ull << 30;
    d.free_mem_bytes = 79ull << 30;
    d.context_result = 0;
    c.devices.push_back(d);
  }
  f.live.nvml.run.outcome = "ok";
  f.live.nvml.library = {"libnvidia-ml.so.1", true, "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1", "", ""};
  f.live.nvml.init_result = 0;
  f.live.selftest.run.outcome = "skipped";
  f.driver.nvidia_loaded = true;
  f.driver.nvidia_uvm_loaded = true;
  f.driver.version = "550.54.15";
  return f;
}

// A healthy NVML GPU to modify in tests.
inline facts::NvmlGpu nvml_gpu(int index = 0) {
  facts::NvmlGpu g;
  g.index = index;
  g.name = "NVIDIA H100 80GB HBM3";
  g.pci_bus_id = "00000000:1" + std::to_string(index) + ":00.0";
  g.pci_device_id = "2330";
  g.memory_total = 80ull << 30;
  g.memory_used = 1ull << 30;
  g.memory_free = 79ull << 30;
  g.utilization_gpu = 0;
  g.compute_mode = 0;
  g.mig_current = 0;
  g.ecc_uncorrected_volatile = 0;
  g.retired_pages_pending = 0;
  g.remap_pending = 0;
  g.remap_failure = 0;
  g.clocks_event_reasons = 0x1;
  g.pcie_gen = 5;
  g.pcie_gen_max = 5;
  g.pcie_width = 16;
  g.pcie_width_max = 16;
  return g;
}

}  // namespace gpudoctor::live::testkit

#include "rules/registry.hpp"

namespace gpudoctor::live::testkit {

// Runs the one live rule with `code` on `f`.
inline std::vector<findings::Finding> run_rule(const std::string& code, const facts::Facts& f) {
  static const auto kb = kb::Kb::load();
  std::vector<findings::Finding> out;
  for (const auto& r : rules::live_rules())
    if (r.info.code == code) {
      rules::Context ctx{f, kb};
      r.fn(ctx, r.info, out);
      return out;
    }
  throw std::runtime_error("no live rule " + code);
}

inline facts::Facts cuinit_facts(int code) {
  auto f = live_ok_facts(0);
  f.live.cuda.init_result = code;
  f.live.cuda.device_count_result = -1;
  f.live.cuda.device_count = -1;
  return f;
}

}  // namespace gpudoctor::live::testkit
