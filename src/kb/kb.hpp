#pragma once
// The versioned knowledge base: TSV tables embedded at build time, or read from
// --kb DIR so it can be updated without recompiling. Tables parse on first use.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/table.hpp"

namespace gpudoctor::kb {

struct GpuModel {
  std::string device_id, name, chip, architecture, compute_capability;
  double memory_gb = 0, mem_bw_gbs = 0, fp32_tflops = 0, tensor_bf16_tflops = 0;
  int bus_width_bits = 0;
};

struct CudaMajor {
  int major = 0;
  std::string minor_compat_linux_min;    // "" when the major has no minor-version compatibility
  std::string minor_compat_windows_min;
  std::string min_compute_capability;    // oldest GPU the major supports, "5.0"
};

struct ArchSupport {
  std::string architecture, cc_min, cc_max;
  int last_cuda_major = 0;           // 0: still supported
  std::string last_driver_branch;    // "470", "" when still supported
  std::string first_cuda;
  std::string first_driver_branch;   // "520": oldest branch that drives it, "" when not recorded
  bool open_module_supported = false;
  bool open_module_required = false;
};

class Kb {
 public:
  // The embedded copy; files in override_dir (same names, e.g. gpus.tsv) replace it.
  // Throws std::runtime_error on an unreadable override or a malformed table.
  static Kb load(const std::string& override_dir = "");

  // Raw text and parsed form of "kb/<file>", nullptr/empty when absent.
  std::string_view text(std::string_view file) const;
  const Table* table(std::string_view file) const;
  std::string date() const;   // newest "# date:" of the loaded tables
  std::vector<std::string> files() const;
  const std::string& origin() const { return origin_; }  // "embedded" or the override dir

  std::optional<GpuModel> gpu(std::string_view device_id) const;
  std::optional<CudaMajor> cuda_major(int major) const;
  // Minimum Linux (or Windows) driver for a CUDA release "12.2"/"12.2.140": the exact
  // release row when known, else the major's minor-version-compatibility floor.
  std::string min_driver_for_cuda(std::string_view cuda_version, bool windows = false) const;
  // The newest CUDA release ("12.4") whose bundled Linux driver is at most `driver`: what
  // the driver's PTX JIT understands. "" when unknown.
  std::string max_cuda_for_driver(std::string_view driver) const;
  // The Linux driver bundled with the first CUDA release at or after `cuda_version` (no
  // minor-version compatibility: what a PTX JIT of that version needs); "" when none.
  std::string bundled_driver_for_cuda(std::string_view cuda_version) const;
  // The first CUDA release ("12.4") that can JIT PTX of ISA `isa` ("8.4"); "" when unknown.
  std::string min_cuda_for_ptx_isa(std::string_view isa) const;
  std::optional<ArchSupport> arch_for_cc(std::string_view cc) const;
  std::string curesult_name(int code) const;
  std::string nvml_return_name(int code) const;

 private:
  std::map<std::string, std::string, std::less<>> texts_;  // "kb/gpus.tsv" -> text
  mutable std::map<std::string, std::unique_ptr<Table>, std::less<>> parsed_;
  std::string origin_ = "embedded";
};

// Compares compute capabilities "8.6" < "9.0" numerically.
int compare_cc(std::string_view a, std::string_view b);

}  // namespace gpudoctor::kb
