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
