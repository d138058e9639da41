// The NVML probe, in process, against the fake libnvidia-ml (current and R535 layouts).
#include "live/nvml_probe.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "live_test_util.hpp"

using namespace gpudoctor;
using namespace gpudoctor::live;
using gpudoctor::live::testkit::fake_lib;
using gpudoctor::live::testkit::TempDir;

namespace {

facts::NvmlFacts probe(const std::string& dir, const std::string& mode = "", const std::string& proc = "/proc") {
  ::setenv("GD_FAKE_NVML", mode.c_str(), 1);
  facts::NvmlFacts f;
  NvmlApi api;
  probe_nvml(fake_lib(dir, "libnvidia-ml.so.1"), api, f, [](std::string_view) {}, proc);
  ::unsetenv("GD_FAKE_NVML");
  return f;
}

}  // namespace

TEST(LiveNvmlProbe, VersionsAndPerGpuState) {
  auto f = probe("nvml");
  ASSERT_TRUE(f.library.loaded);
  EXPECT_EQ(f.init_result, 0);
  EXPECT_EQ(f.driver_version, "550.54.15");
  EXPECT_EQ(f.cuda_driver_version, 12040);
  ASSERT_EQ(f.gpus.size(), 2u);
  const auto& g = f.gpus[0];
  EXPECT_EQ(g.name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(g.pci_bus_id, "00000000:E1:00.0");
  EXPECT_EQ(g.pci_device_id, "2330");
  EXPECT_EQ(g.memory_total, 80ull << 30);
  EXPECT_EQ(g.memory_used, 60ull << 30);
  EXPECT_EQ(g.memory_free, 20ull << 30);
  EXPECT_EQ(g.utilization_gpu, 97);
  EXPECT_EQ(g.compute_mode, 3);
  EXPECT_EQ(g.persistence, 1);
  EXPECT_EQ(g.ecc_corrected_volatile, 5);
  EXPECT_EQ(g.ecc_uncorrected_volatile, 1);
  EXPECT_EQ(g.ecc_uncorrected_aggregate, 2);
  EXPECT_EQ(g.retired_pages_sbe, 1);
  EXPECT_EQ(g.retired_pages_dbe, 0);
  EXPECT_EQ(g.retired_pages_pending, 1);
  EXPECT_EQ(g.remapped_uncorrectable, 1);
  EXPECT_EQ(g.clocks_event_reasons, 0x44);
  EXPECT_EQ(g.temperature_c, 88);
  EXPECT_EQ(g.power_mw, 650000);
  EXPECT_EQ(g.power_limit_mw, 700000);
  EXPECT_EQ(g.sm_clock_mhz, 1200);
  EXPECT_EQ(g.sm_clock_max_mhz, 1980);
  EXPECT_EQ(g.pcie_gen, 3);
  EXPECT_EQ(g.pcie_gen_max, 5);
  EXPECT_EQ(g.pcie_width, 8);
  EXPECT_EQ(g.pcie_width_max, 16);
  EXPECT_EQ(g.mig_current, -1);  // NOT_SUPPORTED leaves it unknown
  const auto& m = f.gpus[1];
  EXPECT_EQ(m.mig_current, 1);
  EXPECT_EQ(m.mig_instances, 0);
  EXPECT_EQ(m.ecc_uncorrected_volatile, -1);
  // NOT_SUPPORTED is an answer, not an error.
  EXPECT_TRUE(f.errors.empty());
}

TEST(LiveNvmlProbe, ProcessesWithTheirCommandLines) {
  auto f = probe("nvml");
  const auto& g = f.gpus[0];
  EXPECT_EQ(g.process_info_stride, 24);
  ASSERT_EQ(g.processes.size(), 2u);
  EXPECT_EQ(g.processes[0].pid, static_cast<unsigned>(::getpid()));
  EXPECT_EQ(g.processes[0].used_bytes, 40ull << 30);
  EXPECT_EQ(g.processes[0].type, "compute");
  EXPECT_NE(g.processes[0].command.find("gpudoctor_tests"), std::string::npos);
  EXPECT_EQ(g.processes[1].pid, 1u);
  EXPECT_TRUE(f.gpus[1].processes.empty());
}

TEST(LiveNvmlProbe, R535LayoutFromTheSymbolHeuristic) {
  auto f = probe("nvml_r535");
  const auto& g = f.gpus[0];
  EXPECT_EQ(g.process_info_stride, 32);
  ASSERT_EQ(g.processes.size(), 2u);
  EXPECT_EQ(g.processes[1].pid, 1u);
  EXPECT_EQ(g.processes[1].used_bytes, 20ull << 30);
}

// A process in another PID namespace has no /proc entry here: NVML's name is used.
TEST(LiveNvmlProbe, CommandFallsBackToNvmlProcessName) {
  TempDir proc;
  auto f = probe("nvml", "", proc.path);
  ASSERT_EQ(f.gpus[0].processes.size(), 2u);
  EXPECT_EQ(f.gpus[0].processes[1].command, "process-1");
}

TEST(LiveNvmlProbe, CmdlineNulsBecomeSpaces) {
  TempDir proc;
  std::filesystem::create_directories(proc.path + "/4242");
  std::ofstream(proc.path + "/4242/cmdline", std::ios::binary) << std::string("python\0train.py\0--lr\0", 21);
  EXPECT_EQ(read_cmdline(proc.path, 4242), "python train.py --lr");
  EXPECT_EQ(read_cmdline(proc.path, 4243), "");
}

TEST(LiveNvmlProbe, InitFailureIsRecorded) {
  auto f = probe("nvml", "init=18");
  EXPECT_EQ(f.init_result, 18);
  EXPECT_TRUE(f.gpus.empty());
}

TEST(LiveNvmlProbe, LostGpuErrorsAreKept) {
  auto f = probe("nvml", "lost");
  bool lost = false;
  for (const auto& e : f.errors) lost |= e.code == 15 && e.device == 1;
  EXPECT_TRUE(lost);
}
