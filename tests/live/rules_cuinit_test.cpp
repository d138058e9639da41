// R904-R913, R916 and R940: every cuInit answer the brief names has its own finding.
#include <gtest/gtest.h>

#include "live_test_util.hpp"

using namespace gpudoctor;
using gpudoctor::live::testkit::cuinit_facts;
using gpudoctor::live::testkit::live_ok_facts;
using gpudoctor::live::testkit::run_rule;

namespace {

// The codes that fire for facts `f`, among the cuInit rules.
std::vector<std::string> cuinit_codes(const facts::Facts& f) {
  std::vector<std::string> out;
  for (const char* c : {"R904", "R905", "R906", "R907", "R908", "R909", "R910", "R911", "R912", "R913", "R915", "R916"})
    if (!run_rule(c, f).empty()) out.push_back(c);
  return out;
}

}  // namespace

TEST(LiveRuleR904, FiresOnTheStub) {
  auto f = cuinit_facts(34);
  f.live.cuda.library.path = "/tmp/x/libcuda.so.1";
  f.live.cuda.library.real_path = "/usr/local/cuda-13.0/targets/x86_64-linux/lib/stubs/libcuda.so";
  f.env.vars["LD_LIBRARY_PATH"] = "/tmp/x";
  auto out = run_rule("R904", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message,
            "cuInit returned 34 CUDA_ERROR_STUB_LIBRARY: libcuda.so.1 is the CUDA toolkit's stub, loaded from "
            "/usr/local/cuda-13.0/targets/x86_64-linux/lib/stubs/libcuda.so");
  EXPECT_EQ(out[0].cause, "libcuda_stub");
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R904"});
}

TEST(LiveRuleR904, QuietOnTheDriversLibcuda) { EXPECT_TRUE(run_rule("R904", live_ok_facts()).empty()); }

TEST(LiveRuleR905, FiresWhenVisibleDevicesHidesEverything) {
  auto f = cuinit_facts(100);
  f.env.vars["CUDA_VISIBLE_DEVICES"] = "-1";
  auto out = run_rule("R905", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "cuInit returned 100 CUDA_ERROR_NO_DEVICE: CUDA_VISIBLE_DEVICES=\"-1\" hides every GPU");
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R905"});
  // A valid-looking value that matches nothing while PCI shows GPUs: hidden too.
  f.env.vars["CUDA_VISIBLE_DEVICES"] = "7";
  f.pci.gpus.push_back({});
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R905"});
}

TEST(LiveRuleR905, QuietWithoutVisibleDevices) {
  auto f = cuinit_facts(100);
  EXPECT_TRUE(run_rule("R905", f).empty());
  f.env.vars["CUDA_VISIBLE_DEVICES"] = "0";  // set, but no GPU anywhere: R906's case
  EXPECT_TRUE(run_rule("R905", f).empty());
}

TEST(LiveRuleR906, FiresWhenTheDriverSeesNoDevice) {
  auto f = cuinit_facts(100);
  auto out = run_rule("R906", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R906"});
  auto zero = live_ok_facts(0);  // cuInit fine, zero devices
  EXPECT_EQ(run_rule("R906", zero).size(), 1u);
}

TEST(LiveRuleR906, QuietWhenDevicesExistOrMigExplains) {
  EXPECT_TRUE(run_rule("R906", live_ok_facts(1)).empty());
  auto f = cuinit_facts(100);
  auto g = live::testkit::nvml_gpu();
  g.mig_current = 1;
  g.mig_instances = 0;
  f.live.nvml.gpus.push_back(g);
  EXPECT_TRUE(run_rule("R906", f).empty());
}

TEST(LiveRuleR907, FiresOnInvalidDevice) {
  auto f = cuinit_facts(101);
  f.env.vars["CUDA_VISIBLE_DEVICES"] = "GPU-nope";
  auto out = run_rule("R907", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("CUDA_VISIBLE_DEVICES=\"GPU-nope\""), std::string::npos);
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R907"});
}

TEST(LiveRuleR907, QuietOtherwise) { EXPECT_TRUE(run_rule("R907", cuinit_facts(100)).empty()); }

TEST(LiveRuleR908, FiresOn999WithoutUvm) {
  for (int code : {3, 999}) {
    auto f = cuinit_facts(code);
    f.driver.nvidia_uvm_loaded = false;
    EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R908"}) << code;
  }
  auto f = cuinit_facts(999);
  facts::DeviceNode uvm;  // module loaded, node missing (a container without it)
  uvm.path = "/dev/nvidia-uvm";
  f.driver.device_nodes.push_back(uvm);
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R908"});
}

TEST(LiveRuleR908, QuietWithUvm) { EXPECT_TRUE(run_rule("R908", cuinit_facts(999)).empty()); }

TEST(LiveRuleR909, FiresOn999WithUvmLoaded) {
  auto f = cuinit_facts(999);
  auto out = run_rule("R909", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].fix[0], "sudo rmmod nvidia_uvm && sudo modprobe nvidia_uvm");
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R909"});
}

TEST(LiveRuleR909, QuietOnSuccess) { EXPECT_TRUE(run_rule("R909", live_ok_facts()).empty()); }

TEST(LiveRuleR910, FiresOnDriverMismatch) {
  auto f = cuinit_facts(803);
  f.live.cuda.library.real_path = "/usr/local/cuda-12.8/compat/libcuda.so.570.86.10";
  auto out = run_rule("R910", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].explanation.find("/usr/local/cuda-12.8/compat/"), std::string::npos);
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R910"});
}

TEST(LiveRuleR910, QuietOtherwise) { EXPECT_TRUE(run_rule("R910", cuinit_facts(804)).empty()); }

TEST(LiveRuleR911, FiresOnCompatNotSupported) {
  EXPECT_EQ(cuinit_codes(cuinit_facts(804)), std::vector<std::string>{"R911"});
}

TEST(LiveRuleR911, QuietOtherwise) { EXPECT_TRUE(run_rule("R911", cuinit_facts(803)).empty()); }

TEST(LiveRuleR912, FiresWhenFabricManagerIsMissing) {
  auto out = run_rule("R912", cuinit_facts(802));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].fix[0], "sudo systemctl enable --now nvidia-fabricmanager");
  EXPECT_EQ(cuinit_codes(cuinit_facts(802)), std::vector<std::string>{"R912"});
}

TEST(LiveRuleR912, QuietOtherwise) { EXPECT_TRUE(run_rule("R912", live_ok_facts()).empty()); }

TEST(LiveRuleR913, FiresOnOsCallFailed) {
  auto f = cuinit_facts(304);
  facts::DeviceNode n;
  n.path = "/dev/nvidia0";
  n.exists = n.is_char_device = true;
  n.mode = "0600";
  f.driver.device_nodes.push_back(n);
  auto out = run_rule("R913", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].evidence.back().what, "/dev/nvidia0");
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R913"});
}

TEST(LiveRuleR913, QuietOtherwise) { EXPECT_TRUE(run_rule("R913", cuinit_facts(100)).empty()); }

TEST(LiveRuleR916, FiresOnAnyOtherCuInitCode) {
  auto f = cuinit_facts(102);
  auto out = run_rule("R916", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "cuInit returned 102 CUDA_ERROR_DEVICE_NOT_LICENSED");
  EXPECT_NE(out[0].explanation.find("Grid license"), std::string::npos);
  EXPECT_EQ(cuinit_codes(f), std::vector<std::string>{"R916"});
  // A code missing from the table still gets its number.
  EXPECT_EQ(run_rule("R916", cuinit_facts(12345))[0].message, "cuInit returned 12345 CUresult 12345");
}

TEST(LiveRuleR916, QuietForCodesWithTheirOwnFinding) {
  for (int code : {0, 2, 3, 34, 46, 100, 101, 304, 802, 803, 804, 999})
    EXPECT_TRUE(run_rule("R916", cuinit_facts(code)).empty()) << code;
}

TEST(LiveRuleR940, ListsTheDevicesAsInfo) {
  auto out = run_rule("R940", live_ok_facts(2));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].severity, findings::Severity::info);
  EXPECT_EQ(out[0].message, "the CUDA 12.4 driver sees 2 GPUs: 0 NVIDIA H100 80GB HBM3, 1 NVIDIA H100 80GB HBM3");
}

TEST(LiveRuleR940, QuietWithoutDevices) { EXPECT_TRUE(run_rule("R940", cuinit_facts(100)).empty()); }
