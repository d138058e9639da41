#pragma once
// What libcuda and NVML answered in the live child processes (and what `selftest`
// measured). Codes are kept as numbers with gpudoctor's own name beside them, because
// the stub libcuda cannot name its own errors. -1 means "not asked / not answered".
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// One driver call that did not return success.
struct LiveCall {
  std::string call;   // "cuDevicePrimaryCtxRetain", "nvmlDeviceGetPowerUsage"
  int code = 0;       // CUresult or nvmlReturn_t
  std::string name;   // "CUDA_ERROR_OUT_OF_MEMORY", from kb/status_curesult.tsv or kb/status_nvml.tsv
  int device = -1;    // ordinal / NVML index, -1 for calls about no single device
};
GD_JSON(LiveCall, call, code, name, device)

// How one child process ended.
struct LiveRun {
  std::string outcome;        // "ok", "timeout", "crashed", "skipped", "error"
  std::string stage;          // the last step it announced ("cuInit", "nvmlInit", ...)
  double timeout_s = 0;
  double elapsed_s = 0;
  int exit_code = -1;         // when it exited
  int signal = 0;             // when a signal ended it (11 = SIGSEGV)
  bool unkillable = false;    // still alive after SIGKILL: stuck in the kernel (D state)
  std::string stderr_tail;    // the last lines it printed
  std::string error;          // could not start it, or its output was not understood
};
GD_JSON(LiveRun, outcome, stage, timeout_s, elapsed_s, exit_code, signal, unkillable, stderr_tail, error)

// The dlopen of one driver library.
struct LoadedLibrary {
  std::string requested;      // "libcuda.so.1"
  bool loaded = false;
  std::string path;           // the path the loader used (link map), e.g. ".../stubs/libcuda.so.1"
  std::string real_path;      // symlinks resolved
  std::string error;          // dlerror() when not loaded
};
GD_JSON(LoadedLibrary, requested, loaded, path, real_path, error)

struct CudaDevice {
  int ordinal = -1;
  std::string name;
  std::string uuid;              // "GPU-xxxxxxxx-xxxx-..."
  std::string pci_bus_id;        // "0000:01:00.0"
  int cc_major = -1, cc_minor = -1;
  int sm_count = -1;
  int clock_khz = -1;            // CU_DEVICE_ATTRIBUTE_CLOCK_RATE (13)
  int mem_clock_khz = -1;        // CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE (36)
  int bus_width_bits = -1;       // CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH (37)
  int compute_mode = -1;         // 0 default, 2 prohibited, 3 exclusive process
  int ecc_enabled = -1;
  int integrated = -1;
  int kernel_exec_timeout = -1;  // a display watchdog limits kernel run time
  unsigned long long total_mem_bytes = 0;
  int context_result = -1;       // primary context retain + set current
  std::string context_result_name;
  unsigned long long free_mem_bytes = 0;  // cuMemGetInfo inside that context
};
GD_JSON(CudaDevice, ordinal, name, uuid, pci_bus_id, cc_major, cc_minor, sm_count, clock_khz, mem_clock_khz,
        bus_width_bits, compute_mode, ecc_enabled, integrated, kernel_exec_timeout, total_mem_bytes,
        context_result, context_result_name, free_mem_bytes)

struct CudaFacts {
  LiveRun run;
  LoadedLibrary library;
  int driver_version_result = -1;
  int driver_version = 0;        // 12040 = CUDA 12.4
  int init_result = -1;          // cuInit(0)
  std::string init_result_name;
  int device_count_result = -1;
  int device_count = -1;
  std::vector<CudaDevice> devices;
  std::vector<LiveCall> errors;  // every call that did not return CUDA_SUCCESS
};
GD_JSON(CudaFacts, run, library, driver_version_result, driver_version, init_result, init_result_name,
        device_count_result, device_count, devices, errors)

struct NvmlProcess {
  unsigned pid = 0;
  unsigned long long used_bytes = 0;
  unsigned gpu_instance_id = 0xFFFFFFFFu;      // MIG ids; 0xFFFFFFFF without MIG
  unsigned compute_instance_id = 0xFFFFFFFFu;
  std::string type;                           // "compute" or "graphics"
  std::string command;                        // /proc/<pid>/cmdline, "" when not visible
};
GD_JSON(NvmlProcess, pid, used_bytes, gpu_instance_id, compute_instance_id, type, command)

struct NvmlGpu {
  int index = -1;
  std::string name;
  std::string uuid;
  std::string pci_bus_id;                // "00000000:01:00.0" as NVML writes it
  std::string pci_device_id;             // "2330" (lower-case hex, vendor stripped)
  unsigned long long memory_total = 0, memory_used = 0, memory_free = 0;
  int utilization_gpu = -1, utilization_memory = -1;  // percent
  int compute_mode = -1;                 // 0 default, 1 exclusive thread (old), 2 prohibited, 3 exclusive process
  int mig_current = -1, mig_pending = -1;
  int mig_instances = -1;                // MIG devices that answer a handle query
  int persistence = -1;
  int ecc_current = -1, ecc_pending = -1;
  long long ecc_corrected_volatile = -1, ecc_uncorrected_volatile = -1, ecc_uncorrected_aggregate = -1;
  int retired_pages_sbe = -1, retired_pages_dbe = -1, retired_pages_pending = -1;
  int remapped_correctable = -1, remapped_uncorrectable = -1, remap_pending = -1, remap_failure = -1;
  long long clocks_event_reasons = -1;   // bit mask, see nvml_decode.hpp
  int temperature_c = -1;
  int power_mw = -1, power_limit_mw = -1;
  int sm_clock_mhz = -1, sm_clock_max_mhz = -1, mem_clock_mhz = -1, mem_clock_max_mhz = -1;
  int pcie_gen = -1, pcie_gen_max = -1, pcie_gen_gpu_max = -1;
  int pcie_width = -1, pcie_width_max = -1;
  std::vector<NvmlProcess> processes;
  int process_info_stride = 0;           // bytes per entry the process list was decoded with
};
GD_JSON(NvmlGpu, index, name, uuid, pci_bus_id, pci_device_id, memory_total, memory_used, memory_free,
        utilization_gpu, utilization_memory, compute_mode, mig_current, mig_pending, mig_instances, persistence,
        ecc_current, ecc_pending, ecc_corrected_volatile, ecc_uncorrected_volatile, ecc_uncorrected_aggregate,
        retired_pages_sbe, retired_pages_dbe, retired_pages_pending, remapped_correctable, remapped_uncorrectable,
        remap_pending, remap_failure, clocks_event_reasons, temperature_c, power_mw, power_limit_mw, sm_clock_mhz,
        sm_clock_max_mhz, mem_clock_mhz, mem_clock_max_mhz, pcie_gen, pcie_gen_max, pcie_gen_gpu_max, pcie_width,
        pcie_width_max, processes, process_info_stride)

struct NvmlFacts {
  LiveRun run;
  LoadedLibrary library;
  int init_result = -1;
  std::string init_result_name;
  std::string driver_version;            // "550.54.15"
  std::string nvml_version;
  int cuda_driver_version = 0;           // 12040
  int device_count_result = -1;
  int device_count = -1;
  std::vector<NvmlGpu> gpus;
  std::vector<LiveCall> errors;          // calls that failed with more than NOT_SUPPORTED
};
GD_JSON(NvmlFacts, run, library, init_result, init_result_name, driver_version, nvml_version,
        cuda_driver_version, device_count_result, device_count, gpus, errors)

// What `gpudoctor selftest` measured on one device. Rates < 0: not measured.
struct SelftestDevice {
  int ordinal = -1;
  std::string name;
  std::string pci_bus_id;
  unsigned long long values_checked = 0;     // kernel results compared bit-exactly
  unsigned long long values_wrong = 0;
  std::string first_wrong;                   // "gd_fma_chain[123]: got 0x3f800001, want 0x3f800000"
  unsigned long long memtest_bytes = 0;
  unsigned long long memtest_errors = 0;
  long long memtest_first_bad = -1;          // word index
  double copy_kernel_gbs = -1;               // bytes read + written per second, 1e9
  double memcpy_dtod_gbs = -1;
  double h2d_gbs = -1;                       // pinned host memory
  double d2h_gbs = -1;
  int link_gen_under_load = -1, link_width_under_load = -1;  // sysfs, sampled during the copies
  int link_gen_max = -1, link_width_max = -1;
  double fp32_tflops = -1;
  int fp32_clock_khz = -1;                   // clock the expectation uses
  double gemm_tflops = -1;                   // BF16 inputs, FP32 accumulate, cuBLASLt
  std::string gemm_library;                  // the libcublasLt that was loaded
  std::string gemm_skipped;                  // why no GEMM ran
  std::vector<LiveCall> errors;              // failed steps (CUresult / cublasStatus_t)
};
GD_JSON(SelftestDevice, ordinal, name, pci_bus_id, values_checked, values_wrong, first_wrong, memtest_bytes,
        memtest_errors, memtest_first_bad, copy_kernel_gbs, memcpy_dtod_gbs, h2d_gbs, d2h_gbs,
        link_gen_under_load, link_width_under_load, link_gen_max, link_width_max, fp32_tflops, fp32_clock_khz,
        gemm_tflops, gemm_library, gemm_skipped, errors)

struct SelftestFacts {
  bool ran = false;
  LiveRun run;
  double seconds = 0;           // time budget asked for
  bool quick = false;
  std::vector<SelftestDevice> devices;
};
GD_JSON(SelftestFacts, ran, run, seconds, quick, devices)

struct LiveFacts {
  bool ran = false;       // false with --no-live or when facts came from an older file
  // "ok"; "timeout" or "crashed" when a child did; "no_library" when libcuda.so.1 could
  // not be loaded; "skipped" when not run; "error" when no child could be started.
  std::string outcome;
  double timeout_s = 0;
  CudaFacts cuda;
  NvmlFacts nvml;
  SelftestFacts selftest;
};
GD_JSON(LiveFacts, ran, outcome, timeout_s, cuda, nvml, selftest)

}  // namespace gpudoctor::facts
