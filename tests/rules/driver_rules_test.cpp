// Fires / quiet cases for the K codes.
#include <gtest/gtest.h>

#include "rules/facts_fixture.hpp"

using namespace gdtest;

static gpudoctor::facts::Facts unloaded() {
  auto f = healthy();
  f.pci.gpus[0].driver = "";
  f.driver.nvidia_loaded = f.driver.nvidia_uvm_loaded = f.driver.proc_version_present = false;
  f.driver.version.clear();
  f.driver.device_nodes.clear();
  f.driver.gpus.clear();
  return f;
}

TEST(DriverRules, K201FiresWhenNoModuleAnywhere) {
  auto f = unloaded();
  f.driver.module_installed = false;
  EXPECT_TRUE(fires(f, "K201"));
  EXPECT_FALSE(fires(f, "K204"));
  EXPECT_FALSE(fires(healthy(), "K201"));
}

TEST(DriverRules, K201QuietInsideContainers) {
  auto f = unloaded();
  f.driver.module_installed = false;
  f.host.container = "docker";
  EXPECT_FALSE(fires(f, "K201"));
}

TEST(DriverRules, K202FiresWhenNouveauHoldsTheGpu) {
  auto f = unloaded();
  f.pci.gpus[0].driver = "nouveau";
  f.driver.nouveau_loaded = true;
  auto findings = run(f);
  ASSERT_NE(find(findings, "K202"), nullptr);
  EXPECT_EQ(find(findings, "K202")->cause, "nouveau");
  EXPECT_EQ(find(findings, "K204"), nullptr);  // installed module: K202 names the real holder
  EXPECT_FALSE(fires(healthy(), "K202"));
}

TEST(DriverRules, K203FiresForVfio) {
  auto f = unloaded();
  f.pci.gpus[0].driver = "vfio-pci";
  EXPECT_TRUE(fires(f, "K203"));
  EXPECT_FALSE(fires(healthy(), "K203"));
}

TEST(DriverRules, K204FiresWhenInstalledButNotLoaded) {
  auto f = unloaded();
  f.driver.module_installed = true;
  EXPECT_TRUE(fires(f, "K204"));
  EXPECT_FALSE(fires(f, "K201"));
  EXPECT_FALSE(fires(healthy(), "K204"));
}

TEST(DriverRules, K205FiresWithoutUvm) {
  auto f = healthy();
  f.driver.nvidia_uvm_loaded = false;
  EXPECT_TRUE(fires(f, "K205"));
  EXPECT_FALSE(fires(healthy(), "K205"));
}

TEST(DriverRules, K206FiresWhenNodesMissing) {
  auto f = healthy();
  f.driver.device_nodes.clear();
  auto x = find(run(f), "K206");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("/dev/nvidiactl"), std::string::npos);
  EXPECT_FALSE(fires(healthy(), "K206"));
  f.host.container = "docker";  // containers get C601 instead
  EXPECT_FALSE(fires(f, "K206"));
}

TEST(DriverRules, K207FiresWhenUserCannotOpenNodes) {
  auto f = healthy();
  f.driver.device_nodes[0].mode = "0660";
  f.driver.device_nodes[0].can_read = f.driver.device_nodes[0].can_write = false;
  auto x = find(run(f), "K207");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("/dev/nvidiactl"), std::string::npos);
  EXPECT_FALSE(fires(healthy(), "K207"));
}

TEST(DriverRules, K208QuietWhenTheUserSpaceVersionIsUnknown) {
  auto f = healthy();
  for (auto& l : f.libraries)
    if (l.id == "libcuda" || l.id == "nvml") {
      l.candidates[0].version.clear();  // an unversioned libcuda.so.1 file: unknown, not "1"
      l.candidates[0].version_source.clear();
    }
  EXPECT_FALSE(fires(f, "K208"));
  f.libraries[0].candidates[0].version = "1";  // what the probe once made of it: a mismatch
  EXPECT_TRUE(fires(f, "K208"));
}

TEST(DriverRules, K208FiresOnKernelUserlandMismatch) {
  auto f = healthy();
  f.libraries[0].candidates[0].version = "550.90.07";
  auto x = find(run(f), "K208");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("550.54.15"), std::string::npos);
  EXPECT_NE(x->message.find("550.90.07"), std::string::npos);
  EXPECT_FALSE(fires(healthy(), "K208"));
}

TEST(DriverRules, K209FiresForKeplerOnR535) {
  auto f = healthy();
  f.pci.gpus[0].compute_capability = "3.7";
  f.pci.gpus[0].name = "Tesla K80";
  f.driver.version = "535.104.05";
  for (auto& l : f.libraries) l.candidates[0].version = l.id == "cudart" ? "11.4.148" : "535.104.05";
  f.toolkit.roots.clear();
  auto x = find(run(f), "K209");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("470"), std::string::npos) << x->message;
}

// A driver branch older than the architecture (kb/arch_support.tsv first_driver_branch).
static gpudoctor::facts::Facts with_gpu_and_driver(const std::string& cc, const std::string& name,
                                                   const std::string& driver, bool open) {
  auto f = healthy();
  f.pci.gpus[0].compute_capability = cc;
  f.pci.gpus[0].name = name;
  f.driver.version = driver;
  f.driver.open_kernel_module = open;
  for (auto& l : f.libraries)
    if (l.id != "cudart") l.candidates[0].version = driver;
  return f;
}

TEST(DriverRules, K209FiresForADriverOlderThanTheArchitecture) {
  auto x = find(run(with_gpu_and_driver("12.0", "NVIDIA GeForce RTX 5090", "550.54.15", true)), "K209");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("older than R570"), std::string::npos) << x->message;
  EXPECT_NE(x->message.find("Blackwell GPUs"), std::string::npos) << x->message;  // the name, not the row key
  x = find(run(with_gpu_and_driver("9.0", "NVIDIA H100 80GB HBM3", "470.256.02", false)), "K209");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("older than R520"), std::string::npos) << x->message;
  EXPECT_TRUE(fires(with_gpu_and_driver("10.0", "NVIDIA B200", "565.57.01", true), "K209"));
  EXPECT_TRUE(fires(with_gpu_and_driver("7.5", "Tesla T4", "390.157", false), "K209"));
}

TEST(DriverRules, K209QuietAtAndAboveTheFirstBranch) {
  EXPECT_FALSE(fires(with_gpu_and_driver("12.0", "NVIDIA GeForce RTX 5090", "570.86.16", true), "K209"));  // exactly R570
  EXPECT_FALSE(fires(with_gpu_and_driver("9.0", "NVIDIA H100 PCIe", "520.56.06", false), "K209"));
  EXPECT_FALSE(fires(with_gpu_and_driver("9.0", "NVIDIA H100 PCIe", "535.104.05", false), "K209"));
  EXPECT_FALSE(fires(with_gpu_and_driver("8.0", "NVIDIA A100", "450.51.05", false), "K209"));
  auto unknown = with_gpu_and_driver("9.0", "NVIDIA H100 PCIe", "", false);  // no driver version: no judgement
  for (auto& l : unknown.libraries) l.candidates[0].version.clear();
  EXPECT_FALSE(fires(unknown, "K209"));
}

TEST(DriverRules, K209FiresForOpenModuleOnPascalAndProprietaryOnBlackwell) {
  auto f = healthy();
  f.pci.gpus[0].compute_capability = "6.1";
  f.driver.open_kernel_module = true;
  f.toolkit.roots.clear();
  EXPECT_TRUE(fires(f, "K209"));
  f = healthy();
  f.pci.gpus[0].compute_capability = "10.0";
  f.driver.version = "580.65.06";
  for (auto& l : f.libraries)
    if (l.id != "cudart") l.candidates[0].version = "580.65.06";
  EXPECT_TRUE(fires(f, "K209"));
  f.driver.open_kernel_module = true;
  EXPECT_FALSE(fires(f, "K209"));
  EXPECT_FALSE(fires(healthy(), "K209"));
}

TEST(DriverRules, K210FiresWhenLoadedDriverLeavesGpuUnbound) {
  auto f = healthy();
  f.pci.gpus[0].driver = "";
  EXPECT_TRUE(fires(f, "K210"));
  f = healthy();
  f.driver.gpus[0].excluded = true;
  EXPECT_TRUE(fires(f, "K210"));
  EXPECT_FALSE(fires(healthy(), "K210"));
}

// --- K211: a node of the wrong type or major ---

TEST(DriverRules, K211FiresForADirectoryAFileOrAWrongMajor) {
  auto f = healthy();
  ASSERT_FALSE(fires(f, "K211"));
  auto dir = f;
  for (auto& n : dir.driver.device_nodes)
    if (n.path == "/dev/nvidia0") {
      n.type = "directory";
      n.is_char_device = false;
      n.major = n.minor = -1;
    }
  auto x = find(run(dir), "K211");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->message, "/dev/nvidia0 is a directory");
  EXPECT_FALSE(gpudoctor::findings::gpu_usable(run(dir)));
  dir.host.container = "docker";  // the docker -v case: still a finding inside the container
  EXPECT_TRUE(fires(dir, "K211"));

  auto file = f;
  for (auto& n : file.driver.device_nodes)
    if (n.path == "/dev/nvidiactl") {
      n.type = "regular";
      n.is_char_device = false;
    }
  x = find(run(file), "K211");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->message, "/dev/nvidiactl is a regular file");

  auto uvm = f;
  uvm.driver.uvm_major = "236";  // /proc/devices says 236, the node is 509:0
  x = find(run(uvm), "K211");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->message, "/dev/nvidia-uvm is character device 509:0, not major 236");

  auto misc = f;
  for (auto& n : misc.driver.device_nodes)
    if (n.path == "/dev/nvidia0") n.major = 10;
  EXPECT_TRUE(fires(misc, "K211"));
}

TEST(DriverRules, K211QuietForRealNodesMissingNodesAndUnknownTypes) {
  auto f = healthy();  // real nodes: char 195:N, nvidia-uvm 509 as /proc/devices says
  EXPECT_FALSE(fires(f, "K211"));
  auto unknown_uvm = f;
  unknown_uvm.driver.uvm_major.clear();  // major unknown: only the type is judged
  EXPECT_FALSE(fires(unknown_uvm, "K211"));
  auto old = f;  // facts without a type (an older facts file): not judged
  for (auto& n : old.driver.device_nodes) n.type.clear();
  EXPECT_FALSE(fires(old, "K211"));
  auto missing = f;
  missing.driver.device_nodes.erase(missing.driver.device_nodes.begin() + 1);  // /dev/nvidia0 gone: K206's
  EXPECT_FALSE(fires(missing, "K211"));
  auto modeset = f;
  gpudoctor::facts::DeviceNode m;
  m.path = "/dev/nvidia-modeset";  // not a node CUDA opens
  m.exists = true;
  m.type = "regular";
  modeset.driver.device_nodes.push_back(m);
  EXPECT_FALSE(fires(modeset, "K211"));
}
