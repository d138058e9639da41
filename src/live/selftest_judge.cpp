#include "live/selftest_judge.hpp"

#include <fmt/format.h>

#include "live/pcie_link.hpp"

namespace gpudoctor::live {
namespace {

const facts::CudaDevice* cuda_device(const facts::Facts& f, int ordinal) {
  for (const auto& d : f.live.cuda.devices)
    if (d.ordinal == ordinal) return &d;
  return nullptr;
}

// The PCI device id ("2330") of a bus id, from the static PCI probe or NVML.
std::string device_id(const facts::Facts& f, const std::string& bus_id) {
  std::string bdf = normalize_bdf(bus_id);
  for (const auto& g : f.pci.gpus)
    if (normalize_bdf(g.bdf) == bdf) return g.device_id;
  for (const auto& g : f.live.nvml.gpus)
    if (normalize_bdf(g.pci_bus_id) == bdf) return g.pci_device_id;
  return "";
}

// ratio -> verdict with a threshold; "measured" when there is nothing to compare with.
void verdict(SelftestRow& r, double slow_below) {
  if (r.measured < 0) {
    r.verdict = "skipped";
  } else if (r.expected <= 0) {
    r.verdict = "measured";
  } else {
    r.verdict = r.measured < slow_below * r.expected ? "slow" : "ok";
  }
}

SelftestRow row(int ordinal, const char* key, const char* test, double measured, const char* unit) {
  SelftestRow r;
  r.ordinal = ordinal;
  r.key = key;
  r.test = test;
  r.measured = measured;
  r.unit = unit;
  return r;
}

void judge_memory(std::vector<SelftestRow>& rows, const facts::SelftestDevice& s, const facts::CudaDevice* d,
                  const std::optional<kb::GpuModel>& model) {
  double peak = -1;
  std::string basis;
  if (model && model->mem_bw_gbs > 0) {
    peak = model->mem_bw_gbs;
    basis = fmt::format("{} datasheet", model->name);
  } else if (d && d->mem_clock_khz > 0 && d->bus_width_bits > 0) {
    // 2 transfers per clock x bus width; GDDR6X and HBM report clocks differently, so this
    // is a rough figure, used only when the knowledge base has none.
    peak = 2.0 * d->mem_clock_khz * 1e3 * d->bus_width_bits / 8 / 1e9;
    basis = fmt::format("2 x {} MHz x {} bit", d->mem_clock_khz / 1000, d->bus_width_bits);
  }
  for (auto [key, test, v] : {std::tuple{"copy_kernel", "D2D copy kernel", s.copy_kernel_gbs},
                              std::tuple{"memcpy_dtod", "D2D cuMemcpyDtoD", s.memcpy_dtod_gbs}}) {
    auto r = row(s.ordinal, key, test, v, "GB/s");
    r.expected = peak;
    r.basis = basis;
    verdict(r, kSlowMemoryRatio);
    if (r.verdict == "slow")
      r.note = "device memory runs far below its peak: check clocks and throttling (nvidia-smi -q -d PERFORMANCE)";
    rows.push_back(std::move(r));
  }
}

void judge_pcie(std::vector<SelftestRow>& rows, const facts::SelftestDevice& s) {
  bool link_known = s.link_gen_under_load > 0 && s.link_width_under_load > 0;
  bool max_known = s.link_gen_max > 0 && s.link_width_max > 0;
  double now = link_known ? pcie_gbs(s.link_gen_under_load, s.link_width_under_load) : -1;
  double best = max_known ? pcie_gbs(s.link_gen_max, s.link_width_max) : now;
  bool downgraded = link_known && max_known &&
                    (s.link_gen_under_load < s.link_gen_max || s.link_width_under_load < s.link_width_max);
  for (auto [key, test, v] : {std::tuple{"h2d", "H2D pinned", s.h2d_gbs}, std::tuple{"d2h", "D2H pinned", s.d2h_gbs}}) {
    auto r = row(s.ordinal, key, test, v, "GB/s");
    r.expected = best;
    if (max_known) r.basis = fmt::format("PCIe Gen{} x{}", s.link_gen_max, s.link_width_max);
    else if (link_known) r.basis = fmt::format("PCIe Gen{} x{}", s.link_gen_under_load, s.link_width_under_load);
    verdict(r, kSlowPcieRatio);
    if (r.verdict == "slow" && downgraded)
      r.note = fmt::format("the link runs at Gen{} x{} (Gen{} x{} possible) — check the slot, riser and BIOS",
                           s.link_gen_under_load, s.link_width_under_load, s.link_gen_max, s.link_width_max);
    else if (r.verdict == "slow")
      r.note = "slow for this link: check the NUMA node of the process, IOMMU settings and other traffic";
    else if (downgraded && r.measured >= 0 && now > 0 && r.measured < kSlowPcieRatio * best)
      r.note = "the link is below its maximum";
    rows.push_back(std::move(r));
  }
}

}  // namespace

int fp32_lanes_per_sm(int major, int minor) {
  switch (major) {
    case 3: return 192;
    case 5: return 128;
    case 6: return minor == 0 ? 64 : 128;
    case 7: return 64;
    case 8: return minor == 0 ? 64 : 128;
    case 9: case 10: case 11: case 12: return 128;
    default: return 0;
  }
}

std::vector<SelftestRow> judge_selftest(const facts::Facts& f, const kb::Kb& kb) {
  std::vector<SelftestRow> rows;
  for (const auto& s : f.live.selftest.devices) {
    const auto* d = cuda_device(f, s.ordinal);
    std::string id = device_id(f, s.pci_bus_id);
    auto model = id.empty() ? std::nullopt : kb.gpu(id);

    auto c = row(s.ordinal, "correctness", "kernels bit-exact", static_cast<double>(s.values_checked), "values");
    c.verdict = s.values_checked == 0 ? "skipped" : s.values_wrong ? "fail" : "ok";
    c.basis = "every value equal to the host's";
    if (s.values_wrong) c.note = fmt::format("{} wrong: {}", s.values_wrong, s.first_wrong);
    rows.push_back(std::move(c));

    auto m = row(s.ordinal, "memtest", "memory pattern", static_cast<double>(s.memtest_bytes) / (1u << 30), "GiB");
    m.verdict = s.memtest_bytes == 0 ? "skipped" : s.memtest_errors ? "fail" : "ok";
    m.basis = "no word differs";
    if (s.memtest_errors)
      m.note = fmt::format("{} wrong words, first at word {}", s.memtest_errors, s.memtest_first_bad);
    rows.push_back(std::move(m));

    judge_memory(rows, s, d, model);
    judge_pcie(rows, s);

    auto p = row(s.ordinal, "fp32", "FP32 FMA", s.fp32_tflops, "TFLOPS");
    int lanes = d ? fp32_lanes_per_sm(d->cc_major, d->cc_minor) : 0;
    if (d && lanes > 0 && d->sm_count > 0 && s.fp32_clock_khz > 0) {
      p.expected = 2.0 * d->sm_count * lanes * s.fp32_clock_khz * 1e3 / 1e12;
      p.basis = fmt::format("{} SMs x {} FMA/clk x {} MHz", d->sm_count, lanes, s.fp32_clock_khz / 1000);
    }
    verdict(p, kSlowFp32Ratio);
    if (p.verdict == "slow") p.note = "the SMs run far below their clock: check throttling, power limit and temperature";
    rows.push_back(std::move(p));

    auto g = row(s.ordinal, "gemm", "BF16 GEMM (cuBLASLt)", s.gemm_tflops, "TFLOPS");
    if (model && model->tensor_bf16_tflops > 0) {
      g.expected = model->tensor_bf16_tflops;
      g.basis = fmt::format("{} dense BF16 datasheet", model->name);
    }
    verdict(g, kSlowGemmRatio);
    if (g.verdict == "skipped") g.note = s.gemm_skipped;
    if (g.verdict == "slow") g.note = "tensor cores run far below their peak: check clocks and throttling";
    rows.push_back(std::move(g));
  }
  return rows;
}

}  // namespace gpudoctor::live
