// R920-R923 (NVML's own answers) and R930-R935 (what NVML says about each GPU).
#include <gtest/gtest.h>

#include "live_test_util.hpp"

using namespace gpudoctor;
using gpudoctor::live::testkit::live_ok_facts;
using gpudoctor::live::testkit::nvml_gpu;
using gpudoctor::live::testkit::run_rule;

namespace {

facts::Facts with_gpu(const facts::NvmlGpu& g) {
  auto f = live_ok_facts(1);
  f.live.nvml.gpus.push_back(g);
  f.live.nvml.device_count = 1;
  return f;
}

facts::Facts nvml_init(int code) {
  auto f = live_ok_facts(1);
  f.live.nvml.init_result = code;
  return f;
}

}  // namespace

TEST(LiveRuleR920, FiresOnVersionMismatchWithRebootOrReload) {
  auto out = run_rule("R920", nvml_init(18));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].cause, "driver_userland_mismatch");
  EXPECT_NE(out[0].message.find("18 NVML_ERROR_LIB_RM_VERSION_MISMATCH"), std::string::npos);
  EXPECT_EQ(out[0].fix[0], "reboot");
  EXPECT_NE(out[0].fix[1].find("reload the module"), std::string::npos);
  EXPECT_TRUE(run_rule("R922", nvml_init(18)).empty());
}

TEST(LiveRuleR920, QuietOtherwise) { EXPECT_TRUE(run_rule("R920", nvml_init(0)).empty()); }

TEST(LiveRuleR921, FiresWhenTheDriverIsNotLoaded) {
  EXPECT_EQ(run_rule("R921", nvml_init(9)).size(), 1u);
  EXPECT_TRUE(run_rule("R922", nvml_init(9)).empty());
}

TEST(LiveRuleR921, QuietOtherwise) { EXPECT_TRUE(run_rule("R921", nvml_init(18)).empty()); }

TEST(LiveRuleR922, FiresOnOtherInitFailures) {
  auto out = run_rule("R922", nvml_init(4));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "nvmlInit returned 4 NVML_ERROR_NO_PERMISSION");
  EXPECT_EQ(out[0].severity, findings::Severity::warning);
}

TEST(LiveRuleR922, QuietOnSuccess) { EXPECT_TRUE(run_rule("R922", nvml_init(0)).empty()); }

TEST(LiveRuleR923, FiresOncePerLostGpu) {
  auto f = with_gpu(nvml_gpu(0));
  f.live.nvml.errors.push_back({"nvmlDeviceGetMemoryInfo", 15, "", 0});
  f.live.nvml.errors.push_back({"nvmlDeviceGetUtilizationRates", 15, "", 0});
  auto out = run_rule("R923", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].subject, "00000000:10:00.0");
  EXPECT_NE(out[0].message.find("15 NVML_ERROR_GPU_IS_LOST"), std::string::npos);
}

TEST(LiveRuleR923, QuietForOtherErrors) {
  auto f = with_gpu(nvml_gpu(0));
  f.live.nvml.errors.push_back({"nvmlDeviceGetPowerUsage", 4, "", 0});
  EXPECT_TRUE(run_rule("R923", f).empty());
}

TEST(LiveRuleR930, FiresWithPidsAndCommands) {
  auto g = nvml_gpu();
  g.memory_used = 60ull << 30;
  g.memory_free = 20ull << 30;
  g.processes.push_back({4242, 40ull << 30, 0xFFFFFFFFu, 0xFFFFFFFFu, "compute", "python train.py"});
  g.processes.push_back({77, 20ull << 30, 0xFFFFFFFFu, 0xFFFFFFFFu, "compute", ""});
  auto out = run_rule("R930", with_gpu(g));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message,
            "GPU 0 (NVIDIA H100 80GB HBM3): 60.0 GiB of 80.0 GiB in use, 20.0 GiB free, held by 2 processes: "
            "4242 python train.py (40.0 GiB), 77 ? (20.0 GiB)");
  EXPECT_EQ(out[0].cause, "oom");
}

TEST(LiveRuleR930, SaysWhenTheHoldersAreInvisible) {
  auto g = nvml_gpu();
  g.memory_used = 79ull << 30;
  g.memory_free = 512ull << 20;
  auto out = run_rule("R930", with_gpu(g));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("not visible from here"), std::string::npos);
}

TEST(LiveRuleR930, QuietWithFreeMemory) { EXPECT_TRUE(run_rule("R930", with_gpu(nvml_gpu())).empty()); }

TEST(LiveRuleR931, FiresWhenExclusiveAndTaken) {
  auto g = nvml_gpu();
  g.compute_mode = 3;
  g.processes.push_back({4242, 1ull << 30, 0xFFFFFFFFu, 0xFFFFFFFFu, "compute", "python serve.py"});
  auto out = run_rule("R931", with_gpu(g));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "GPU 0 (NVIDIA H100 80GB HBM3): compute mode Exclusive_Process and taken by 4242 python serve.py");
  g.processes.clear();
  g.compute_mode = 2;
  EXPECT_EQ(run_rule("R931", with_gpu(g)).size(), 1u);
}

TEST(LiveRuleR931, QuietWhenExclusiveButFree) {
  auto g = nvml_gpu();
  g.compute_mode = 3;
  EXPECT_TRUE(run_rule("R931", with_gpu(g)).empty());
  EXPECT_TRUE(run_rule("R931", with_gpu(nvml_gpu())).empty());
}

TEST(LiveRuleR932, FiresOnMigWithoutInstances) {
  auto g = nvml_gpu();
  g.mig_current = 1;
  g.mig_instances = 0;
  auto out = run_rule("R932", with_gpu(g));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].cause, "mig_no_instance");
  EXPECT_EQ(out[0].explains, std::vector<std::string>{"R906"});
}

TEST(LiveRuleR932, QuietWithInstances) {
  auto g = nvml_gpu();
  g.mig_current = 1;
  g.mig_instances = 2;
  EXPECT_TRUE(run_rule("R932", with_gpu(g)).empty());
}

TEST(LiveRuleR933, FiresOnThermalSlowdown) {
  auto g = nvml_gpu();
  g.clocks_event_reasons = 0x44;
  g.temperature_c = 88;
  auto out = run_rule("R933", with_gpu(g));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "GPU 0 (NVIDIA H100 80GB HBM3): clocks held down: hardware thermal slowdown");
}

TEST(LiveRuleR933, QuietWhenIdleOrAtThePowerCap) {
  auto g = nvml_gpu();
  g.clocks_event_reasons = 0x1 | 0x4;
  EXPECT_TRUE(run_rule("R933", with_gpu(g)).empty());
}

TEST(LiveRuleR934, FiresOnANarrowLinkOrASlowOneUnderLoad) {
  auto g = nvml_gpu();
  g.pcie_gen = 3;
  g.pcie_width = 8;
  auto out = run_rule("R934", with_gpu(g));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("Gen3 x8, the GPU and slot allow Gen5 x16"), std::string::npos);
  g.pcie_width = 16;
  g.pcie_gen = 1;
  g.utilization_gpu = 95;
  EXPECT_EQ(run_rule("R934", with_gpu(g)).size(), 1u);
}

// Idle links drop to Gen1 to save power; that alone is not a finding.
TEST(LiveRuleR934, QuietForAnIdleLowGeneration) {
  auto g = nvml_gpu();
  g.pcie_gen = 1;
  g.utilization_gpu = 0;
  EXPECT_TRUE(run_rule("R934", with_gpu(g)).empty());
}

TEST(LiveRuleR935, FiresOnUncorrectableOrPending) {
  auto g = nvml_gpu();
  g.ecc_uncorrected_volatile = 2;
  g.retired_pages_pending = 1;
  auto out = run_rule("R935", with_gpu(g));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "GPU 0 (NVIDIA H100 80GB HBM3): 2 uncorrectable ECC errors since the driver loaded, "
                            "page retirement pending");
  g = nvml_gpu();
  g.remap_failure = 1;
  EXPECT_EQ(run_rule("R935", with_gpu(g)).size(), 1u);
}

TEST(LiveRuleR935, QuietWithCorrectedErrorsOnly) {
  auto g = nvml_gpu();
  g.ecc_corrected_volatile = 12;
  EXPECT_TRUE(run_rule("R935", with_gpu(g)).empty());
}
