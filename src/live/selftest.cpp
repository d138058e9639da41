#include "live/selftest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "live/cublaslt_gemm.hpp"
#include "live/pcie_link.hpp"
#include "live/selftest_math.hpp"
#include "live/selftest_ptx.hpp"

namespace gpudoctor::live {
namespace {

using Clock = std::chrono::steady_clock;
constexpr unsigned kBlock = 256;
constexpr size_t kMiB = 1u << 20;
constexpr uint32_t kSeedCorrectness = 0x5EED1234u, kSeedMemtest = 0x3E3E5A5Au, kSeedCopy = 0xC0FFEE11u,
                   kSeedH2D = 0x48324432u, kSeedD2H = 0x44324832u;
constexpr int kFmaChainIters = 48;
// a < 1 and b = 1 - a: every chain creeps towards 1.0 from its own start, so the values
// differ per thread and stay far from zero and from denormals.
constexpr float kPeakA = 0.999999f, kPeakB = 0.000001f;
// Thread classes whose fma_peak result the host replays (the result depends on tid & 255).
constexpr uint32_t kPeakClasses[] = {0, 37, 128, 255};

std::string human_bytes(unsigned long long b) {
  if (b >= (1ull << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(b) / (1ull << 30));
  return fmt::format("{} MiB", b >> 20);
}

std::string link_text(int gen, int width) {
  return gen > 0 && width > 0 ? fmt::format("link Gen{} x{} under load", gen, width) : "link state unknown";
}

std::string human_count(unsigned long long v) {
  if (v >= 1000000) return fmt::format("{:.1f}M", static_cast<double>(v) / 1e6);
  if (v >= 1000) return fmt::format("{:.1f}k", static_cast<double>(v) / 1e3);
  return std::to_string(v);
}

struct DeviceBuffer {
  CudaApi& api;
  CUdeviceptr p = 0;
  size_t bytes = 0;
  explicit DeviceBuffer(CudaApi& a) : api(a) {}
  DeviceBuffer(const DeviceBuffer&) = delete;
  ~DeviceBuffer() {
    if (p) api.cuMemFree(p);
  }
  CUresult alloc(size_t n) {
    bytes = n;
    return api.cuMemAlloc(&p, n);
  }
};

struct PinnedBuffer {
  CudaApi& api;
  void* p = nullptr;
  explicit PinnedBuffer(CudaApi& a) : api(a) {}
  PinnedBuffer(const PinnedBuffer&) = delete;
  ~PinnedBuffer() {
    if (p) api.cuMemFreeHost(p);
  }
};

// Every entry point the selftest calls; a library without one of them cannot run it.
std::vector<std::string> missing_symbols(const CudaApi& a) {
  std::vector<std::string> out;
  auto need = [&](const void* fn, const char* name) {
    if (!fn) out.emplace_back(name);
  };
  need(reinterpret_cast<const void*>(a.cuDevicePrimaryCtxRetain), "cuDevicePrimaryCtxRetain");
  need(reinterpret_cast<const void*>(a.cuCtxSetCurrent), "cuCtxSetCurrent");
  need(reinterpret_cast<const void*>(a.cuCtxSynchronize), "cuCtxSynchronize");
  need(reinterpret_cast<const void*>(a.cuMemGetInfo), "cuMemGetInfo_v2");
  need(reinterpret_cast<const void*>(a.cuMemAlloc), "cuMemAlloc_v2");
  need(reinterpret_cast<const void*>(a.cuMemFree), "cuMemFree_v2");
  need(reinterpret_cast<const void*>(a.cuMemAllocHost), "cuMemAllocHost_v2");
  need(reinterpret_cast<const void*>(a.cuMemFreeHost), "cuMemFreeHost");
  need(reinterpret_cast<const void*>(a.cuMemcpyHtoD), "cuMemcpyHtoD_v2");
  need(reinterpret_cast<const void*>(a.cuMemcpyDtoH), "cuMemcpyDtoH_v2");
  need(reinterpret_cast<const void*>(a.cuMemcpyDtoD), "cuMemcpyDtoD_v2");
  need(reinterpret_cast<const void*>(a.cuMemsetD32), "cuMemsetD32_v2");
  need(reinterpret_cast<const void*>(a.cuModuleLoadData), "cuModuleLoadData");
  need(reinterpret_cast<const void*>(a.cuModuleGetFunction), "cuModuleGetFunction");
  need(reinterpret_cast<const void*>(a.cuLaunchKernel), "cuLaunchKernel");
  return out;
}

class DeviceSelftest {
 public:
  DeviceSelftest(CudaApi& api, const facts::CudaDevice& dev, int driver_version, const SelftestOptions& opt,
                 double budget_s, facts::SelftestDevice& r, const SelftestIo& io,
                 const std::function<void()>& checkpoint)
      : api_(api), dev_(dev), driver_version_(driver_version), opt_(opt), budget_(budget_s), r_(r), io_(io),
        checkpoint_(checkpoint) {}

  void run() {
    if (!open()) return;
    correctness();
    memtest();
    device_bandwidth();
    host_bandwidth();
    fp32();
    gemm();
    close();
  }

 private:
  // Records a failed call; true on success.
  bool ok(const std::string& call, CUresult code) {
    if (code == kCudaSuccess) return true;
    r_.errors.push_back({call, code, "", dev_.ordinal});
    return false;
  }
  void say(const std::string& what) {
    if (io_.progress) io_.progress(fmt::format("GPU {}: {}", dev_.ordinal, what));
    checkpoint_();
  }
  void stage(const std::string& what) {
    if (io_.stage) io_.stage(fmt::format("selftest GPU {}: {}", dev_.ordinal, what));
  }
  unsigned grid() const { return static_cast<unsigned>(std::max(1, dev_.sm_count) * 16); }

  bool open() {
    stage("context");
    CUdevice d = 0;
    if (!ok("cuDeviceGet", api_.cuDeviceGet ? api_.cuDeviceGet(&d, dev_.ordinal) : -1)) return false;
    device_ = d;
    if (!ok("cuDevicePrimaryCtxRetain", api_.cuDevicePrimaryCtxRetain(&ctx_, d))) return false;
    retained_ = true;
    if (!ok("cuCtxSetCurrent", api_.cuCtxSetCurrent(ctx_))) return false;
    stage("cuModuleLoadData (PTX JIT)");
    std::string ptx(kSelftestPtx);
    if (!ok("cuModuleLoadData", api_.cuModuleLoadData(&module_, ptx.c_str()))) return false;
    for (auto [fn, name] : {std::pair{&k_write_, "gd_pattern_write"}, std::pair{&k_check_, "gd_pattern_check"},
                            std::pair{&k_chain_, "gd_fma_chain"}, std::pair{&k_copy_, "gd_copy"},
                            std::pair{&k_peak_, "gd_fma_peak"}})
      if (!ok(std::string("cuModuleGetFunction(") + name + ")", api_.cuModuleGetFunction(fn, module_, name)))
        return false;
    events_ = api_.cuEventCreate && api_.cuEventRecord && api_.cuEventSynchronize && api_.cuEventElapsedTime &&
              api_.cuEventCreate(&ev_start_, 0) == kCudaSuccess && api_.cuEventCreate(&ev_stop_, 0) == kCudaSuccess;
    return true;
  }

  void close() {
    if (ev_start_ && api_.cuEventDestroy) api_.cuEventDestroy(ev_start_);
    if (ev_stop_ && api_.cuEventDestroy) api_.cuEventDestroy(ev_stop_);
    if (module_ && api_.cuModuleUnload) api_.cuModuleUnload(module_);
    api_.cuCtxSetCurrent(nullptr);
    if (retained_ && api_.cuDevicePrimaryCtxRelease) api_.cuDevicePrimaryCtxRelease(device_);
  }

  // Seconds the work took on the GPU (events on the default stream, else host clock
  // around a full synchronisation); < 0 when the work failed.
  double elapsed(const std::function<bool()>& work) {
    if (events_) {
      api_.cuEventRecord(ev_start_, nullptr);
      bool good = work();
      api_.cuEventRecord(ev_stop_, nullptr);
      CUresult sr = api_.cuEventSynchronize(ev_stop_);
      float ms = 0;
      if (!good || !ok("cuEventSynchronize", sr)) return -1;
      if (ok("cuEventElapsedTime", api_.cuEventElapsedTime(&ms, ev_start_, ev_stop_))) return ms / 1000.0;
      return -1;
    }
    api_.cuCtxSynchronize();
    auto t0 = Clock::now();
    bool good = work();
    CUresult sr = api_.cuCtxSynchronize();
    if (!good || !ok("cuCtxSynchronize", sr)) return -1;
    return std::chrono::duration<double>(Clock::now() - t0).count();
  }

  // How many repetitions of a `one_s` operation fill `slice_s` seconds.
  static int reps_for(double slice_s, double one_s, int at_most = 100000) {
    return static_cast<int>(std::clamp(slice_s / std::max(one_s, 1e-7), 1.0, static_cast<double>(at_most)));
  }

  bool launch(CUfunction f, const char* name, unsigned grid_x, std::vector<void*> args) {
    return ok(std::string("cuLaunchKernel(") + name + ")",
              api_.cuLaunchKernel(f, grid_x, 1, 1, kBlock, 1, 1, 0, nullptr, args.data(), nullptr));
  }
  bool write_pattern(CUdeviceptr p, unsigned long long words, uint32_t seed, uint32_t invert) {
    return launch(k_write_, "gd_pattern_write", grid(), {&p, &words, &seed, &invert});
  }
  // Checks a pattern on the device; returns the number of wrong words, -1 on failure.
  long long check_pattern(CUdeviceptr p, unsigned long long words, uint32_t seed, uint32_t invert,
                          long long* first_bad = nullptr) {
    DeviceBuffer counters(api_);
    if (!ok("cuMemAlloc_v2", counters.alloc(16))) return -1;
    CUdeviceptr errors = counters.p, first = counters.p + 8;
    if (!ok("cuMemsetD32_v2", api_.cuMemsetD32(errors, 0, 2)) ||
        !ok("cuMemsetD32_v2", api_.cuMemsetD32(first, 0xFFFFFFFFu, 2)))
      return -1;
    if (!launch(k_check_, "gd_pattern_check", grid(), {&p, &words, &seed, &invert, &errors, &first})) return -1;
    unsigned long long host[2] = {0, 0};
    if (!ok("cuMemcpyDtoH_v2", api_.cuMemcpyDtoH(host, counters.p, sizeof host))) return -1;
    if (first_bad && host[0]) *first_bad = static_cast<long long>(host[1]);
    return static_cast<long long>(host[0]);
  }
  void count_checked(unsigned long long checked, unsigned long long wrong, const std::string& first) {
    r_.values_checked += checked;
    if (wrong && r_.values_wrong == 0) r_.first_wrong = first;
    r_.values_wrong += wrong;
  }

  // 1. Kernels with known results, every value compared on the host.
  void correctness() {
    stage("correctness");
    const unsigned long long words = opt_.quick ? 4u << 20 : 16u << 20;
    DeviceBuffer buf(api_);
    if (!ok("cuMemAlloc_v2", buf.alloc(words * 4)) || !write_pattern(buf.p, words, kSeedCorrectness, 0)) return;
    std::vector<uint32_t> host(words);
    if (!ok("cuMemcpyDtoH_v2", api_.cuMemcpyDtoH(host.data(), buf.p, words * 4))) return;
    unsigned long long wrong = 0;
    std::string first;
    for (unsigned long long i = 0; i < words; ++i)
      if (host[i] != selftest_mix(i, kSeedCorrectness) && wrong++ == 0)
        first = fmt::format("gd_pattern_write[{}]: got 0x{:08x}, want 0x{:08x}", i, host[i],
                            selftest_mix(i, kSeedCorrectness));
    count_checked(words, wrong, first);

    // The fma chain depends on i & 1023 only, so 1024 host replays check the whole buffer.
    unsigned long long n = opt_.quick ? 256u << 10 : 1u << 20;
    int iters = kFmaChainIters;
    CUdeviceptr p = buf.p;
    if (!launch(k_chain_, "gd_fma_chain", grid(), {&p, &n, &iters})) return;
    std::vector<float> out(n);
    if (!ok("cuMemcpyDtoH_v2", api_.cuMemcpyDtoH(out.data(), buf.p, n * 4))) return;
    std::vector<uint32_t> want(1024);
    for (uint32_t c = 0; c < 1024; ++c) want[c] = float_bits(selftest_fma_chain(c, iters));
    wrong = 0;
    for (unsigned long long i = 0; i < n; ++i)
      if (float_bits(out[i]) != want[i & 1023] && wrong++ == 0)
        first = fmt::format("gd_fma_chain[{}]: got 0x{:08x}, want 0x{:08x}", i, float_bits(out[i]), want[i & 1023]);
    count_checked(n, wrong, first);
    say(fmt::format("kernels checked bit-exactly: {} values, {} wrong", human_count(r_.values_checked),
                    r_.values_wrong));
  }

  // 2. Writes a pattern over a large share of free memory, then its complement, checking
  //    each on the device (like DCGM's memory plugin, which flips patterns over 75%).
  void memtest() {
    stage("memory pattern test");
    size_t free_b = 0, total_b = 0;
    if (!ok("cuMemGetInfo_v2", api_.cuMemGetInfo(&free_b, &total_b))) return;
    double share = opt_.quick ? 0.10 : 0.50;
    size_t bytes = static_cast<size_t>(static_cast<double>(free_b) * share) / kMiB * kMiB;
    if (bytes < 16 * kMiB) {
      say(fmt::format("memory pattern test skipped: only {} MiB free", free_b / kMiB));
      return;
    }
    DeviceBuffer buf(api_);
    CUresult rc = 1;
    // Another process may take memory meanwhile: halve and retry.
    for (int tries = 0; tries < 4 && bytes >= 16 * kMiB; ++tries, bytes /= 2) {
      DeviceBuffer attempt(api_);
      if ((rc = attempt.alloc(bytes)) == kCudaSuccess) {
        std::swap(buf.p, attempt.p);
        buf.bytes = bytes;
        break;
      }
    }
    if (!ok("cuMemAlloc_v2 (memory test)", rc)) return;
    unsigned long long words = buf.bytes / 4;
    for (uint32_t invert : {0u, 0xFFFFFFFFu}) {
      if (!write_pattern(buf.p, words, kSeedMemtest, invert)) return;
      long long first = -1;
      long long bad = check_pattern(buf.p, words, kSeedMemtest, invert, &first);
      if (bad < 0) return;
      r_.memtest_errors += static_cast<unsigned long long>(bad);
      if (bad && r_.memtest_first_bad < 0) r_.memtest_first_bad = first;
      r_.memtest_bytes += buf.bytes;
      say(fmt::format("memory pattern{} over {}: {} wrong words", invert ? " (inverted)" : "",
                      human_bytes(buf.bytes), bad));
    }
  }

  // 3. Device-memory bandwidth, bytes read + written, by a copy kernel and by the copy engine.
  void device_bandwidth() {
    stage("device memory bandwidth");
    size_t free_b = 0, total_b = 0;
    if (!ok("cuMemGetInfo_v2", api_.cuMemGetInfo(&free_b, &total_b))) return;
    size_t bytes = std::min<size_t>(opt_.quick ? 128 * kMiB : 512 * kMiB, free_b / 8) / kMiB * kMiB;
    DeviceBuffer src(api_), dst(api_);
    if (bytes < kMiB || !ok("cuMemAlloc_v2", src.alloc(bytes)) || !ok("cuMemAlloc_v2", dst.alloc(bytes))) return;
    unsigned long long words = bytes / 4, vec = bytes / 16;
    // A pattern, not zeros: some GPUs compress uniform data and would look faster.
    if (!write_pattern(src.p, words, kSeedCopy, 0)) return;
    CUdeviceptr s = src.p, d = dst.p;
    auto copy_kernel = [&] { return launch(k_copy_, "gd_copy", grid(), {&s, &d, &vec}); };
    double one = elapsed(copy_kernel);
    if (one < 0) return;
    int reps = reps_for(budget_ * 0.12, one);
    double t = elapsed([&] {
      for (int i = 0; i < reps; ++i)
        if (!copy_kernel()) return false;
      return true;
    });
    if (t > 0) r_.copy_kernel_gbs = 2.0 * static_cast<double>(bytes) * reps / t / 1e9;
    long long bad = check_pattern(dst.p, words, kSeedCopy, 0);
    if (bad >= 0) count_checked(words, static_cast<unsigned long long>(bad), "gd_copy output differs from its input");

    auto dtod = [&] { return ok("cuMemcpyDtoD_v2", api_.cuMemcpyDtoD(d, s, bytes)); };
    one = elapsed(dtod);
    if (one > 0) {
      reps = reps_for(budget_ * 0.08, one);
      t = elapsed([&] {
        for (int i = 0; i < reps; ++i)
          if (!dtod()) return false;
        return true;
      });
      if (t > 0) r_.memcpy_dtod_gbs = 2.0 * static_cast<double>(bytes) * reps / t / 1e9;
    }
    say(fmt::format("device memory: copy kernel {:.0f} GB/s, cuMemcpyDtoD {:.0f} GB/s", r_.copy_kernel_gbs,
                    r_.memcpy_dtod_gbs));
  }

  // 4. Host<->device with pinned memory; the link state is sampled from sysfs while the
  //    copies run, because idle links drop to a lower speed to save power.
  void host_bandwidth() {
    stage("host<->device bandwidth");
    const size_t bytes = opt_.quick ? 64 * kMiB : 256 * kMiB;
    const unsigned long long words = bytes / 4;
    PinnedBuffer host(api_);
    DeviceBuffer dev(api_);
    if (!ok("cuMemAllocHost_v2", api_.cuMemAllocHost(&host.p, bytes)) || !ok("cuMemAlloc_v2", dev.alloc(bytes)))
      return;
    auto* h = static_cast<uint32_t*>(host.p);
    for (unsigned long long i = 0; i < words; ++i) h[i] = selftest_mix(i, kSeedH2D);
    auto h2d = [&] { return ok("cuMemcpyHtoD_v2", api_.cuMemcpyHtoD(dev.p, host.p, bytes)); };
    double one = elapsed(h2d);
    if (one < 0) return;
    LinkState link;
    int reps = reps_for(std::max(0.2, budget_ * 0.12), one);
    std::thread sampler([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      link = read_link_state(opt_.sysfs_root, dev_.pci_bus_id);
    });
    double t = elapsed([&] {
      for (int i = 0; i < reps; ++i)
        if (!h2d()) return false;
      return true;
    });
    sampler.join();
    r_.link_gen_under_load = link.gen;
    r_.link_width_under_load = link.width;
    r_.link_gen_max = link.max_gen;
    r_.link_width_max = link.max_width;
    if (t > 0) r_.h2d_gbs = static_cast<double>(bytes) * reps / t / 1e9;
    long long bad = check_pattern(dev.p, words, kSeedH2D, 0);
    if (bad >= 0) count_checked(words, static_cast<unsigned long long>(bad), "host-to-device copy corrupted data");

    if (!write_pattern(dev.p, words, kSeedD2H, 0)) return;
    auto d2h = [&] { return ok("cuMemcpyDtoH_v2", api_.cuMemcpyDtoH(host.p, dev.p, bytes)); };
    one = elapsed(d2h);
    if (one < 0) return;
    reps = reps_for(std::max(0.2, budget_ * 0.12), one);
    t = elapsed([&] {
      for (int i = 0; i < reps; ++i)
        if (!d2h()) return false;
      return true;
    });
    if (t > 0) r_.d2h_gbs = static_cast<double>(bytes) * reps / t / 1e9;
    unsigned long long wrong = 0;
    for (unsigned long long i = 0; i < words; ++i) wrong += h[i] != selftest_mix(i, kSeedD2H);
    count_checked(words, wrong, "device-to-host copy corrupted data");
    say(fmt::format("host<->device (pinned): H2D {:.1f} GB/s, D2H {:.1f} GB/s, {}", r_.h2d_gbs, r_.d2h_gbs,
                    link_text(link.gen, link.width)));
  }

  // 5. FP32 FMA throughput; the result of sampled threads is replayed on the host.
  void fp32() {
    stage("FP32 throughput");
    const unsigned blocks = static_cast<unsigned>(std::max(1, dev_.sm_count) * 4);
    const unsigned threads = blocks * kBlock;
    DeviceBuffer out(api_);
    if (!ok("cuMemAlloc_v2", out.alloc(static_cast<size_t>(threads) * 4))) return;
    CUdeviceptr p = out.p;
    float a = kPeakA, b = kPeakB;
    int iters = 1024;
    auto run = [&] { return launch(k_peak_, "gd_fma_peak", blocks, {&p, &iters, &a, &b}); };
    double one = elapsed(run);
    if (one <= 0) return;
    // Launches of about 50 ms: long enough to time, short enough for a display watchdog.
    iters = static_cast<int>(std::clamp(1024 * 0.05 / one, 1024.0, 4.0e6));
    one = elapsed(run);
    if (one <= 0) return;
    int reps = reps_for(budget_ * 0.16, one, 1000);
    double t = elapsed([&] {
      for (int i = 0; i < reps; ++i)
        if (!run()) return false;
      return true;
    });
    if (t > 0) r_.fp32_tflops = 16.0 * threads * static_cast<double>(iters) * reps / t / 1e12;
    r_.fp32_clock_khz = dev_.clock_khz;
    std::vector<float> host(threads);
    if (!ok("cuMemcpyDtoH_v2", api_.cuMemcpyDtoH(host.data(), out.p, host.size() * 4))) return;
    unsigned long long checked = 0, wrong = 0;
    std::string first;
    for (uint32_t cls : kPeakClasses) {
      uint32_t want = float_bits(selftest_fma_peak(cls, iters, a, b));
      for (uint32_t tid = cls; tid < threads; tid += 256) {
        ++checked;
        if (float_bits(host[tid]) != want && wrong++ == 0)
          first = fmt::format("gd_fma_peak[{}]: got 0x{:08x}, want 0x{:08x}", tid, float_bits(host[tid]), want);
      }
    }
    count_checked(checked, wrong, first);
    say(fmt::format("FP32 FMA: {:.2f} TFLOPS", r_.fp32_tflops));
  }

  // 6. BF16 GEMM through cuBLASLt against the tensor-core peak.
  void gemm() {
    stage("cuBLASLt GEMM");
    auto candidates = cublaslt_candidates(opt_.cublaslt, driver_version_);
    auto res = run_cublaslt_gemm(api_, candidates, opt_.gemm_size > 0 ? opt_.gemm_size : opt_.quick ? 2048 : 4096,
                                 budget_ * 0.2,
                                 [&](const std::function<bool()>& w) { return elapsed(w); });
    r_.gemm_tflops = res.tflops;
    r_.gemm_library = res.library;
    r_.gemm_skipped = res.skipped;
    for (auto e : res.errors) {
      e.device = dev_.ordinal;
      r_.errors.push_back(std::move(e));
    }
    count_checked(res.checked, res.wrong, res.first_wrong);
    say(res.tflops >= 0 ? fmt::format("BF16 GEMM (cuBLASLt): {:.2f} TFLOPS", res.tflops)
                        : "BF16 GEMM skipped: " + (res.skipped.empty() ? std::string("it failed") : res.skipped));
  }

  CudaApi& api_;
  const facts::CudaDevice& dev_;
  int driver_version_;
  const SelftestOptions& opt_;
  double budget_;
  facts::SelftestDevice& r_;
  const SelftestIo& io_;
  const std::function<void()>& checkpoint_;
  CUdevice device_ = 0;
  CUcontext ctx_ = nullptr;
  bool retained_ = false;
  CUmodule module_ = nullptr;
  CUfunction k_write_ = nullptr, k_check_ = nullptr, k_chain_ = nullptr, k_copy_ = nullptr, k_peak_ = nullptr;
  bool events_ = false;
  CUevent ev_start_ = nullptr, ev_stop_ = nullptr;
};

}  // namespace

void run_selftest(CudaApi& api, const facts::CudaFacts& cuda, const SelftestOptions& opt, facts::SelftestFacts& out,
                  const SelftestIo& io) {
  out.ran = true;
  out.seconds = opt.seconds;
  out.quick = opt.quick;
  std::vector<const facts::CudaDevice*> devices;
  for (const auto& d : cuda.devices)
    if (opt.device < 0 || d.ordinal == opt.device) devices.push_back(&d);
  auto missing = missing_symbols(api);
  std::function<void()> checkpoint = [&] {
    if (io.checkpoint) io.checkpoint(out);
  };
  double budget = opt.seconds / static_cast<double>(std::max<size_t>(1, devices.size()));
  for (const auto* d : devices) {
    facts::SelftestDevice r;
    r.ordinal = d->ordinal;
    r.name = d->name;
    r.pci_bus_id = d->pci_bus_id;
    out.devices.push_back(std::move(r));
    auto& slot = out.devices.back();
    for (const auto& m : missing) slot.errors.push_back({m, -1, "symbol not found", d->ordinal});
    if (missing.empty()) {
      DeviceSelftest(api, *d, cuda.driver_version, opt, budget, slot, io, checkpoint).run();
    }
    checkpoint();
  }
}

}  // namespace gpudoctor::live
