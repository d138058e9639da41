// Fires / quiet cases for the C codes.
#include <gtest/gtest.h>

#include "rules/facts_fixture.hpp"

using namespace gdtest;

static gpudoctor::facts::Facts container_without_gpu() {
  auto f = healthy();
  f.host.container = "docker";
  f.host.container_evidence = {"/.dockerenv exists"};
  f.driver.device_nodes.clear();
  f.libraries[0].selected = -1;
  f.libraries[0].candidates.clear();
  return f;
}

TEST(PlatformRules, C601FiresForAPlainDockerRunAndIsTheRoot) {
  auto findings = run(container_without_gpu());
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings.front().code, "C601");
  ASSERT_NE(find(findings, "L301"), nullptr);
  EXPECT_EQ(find(findings, "L301")->explained_by, "C601");
  EXPECT_EQ(find(findings, "K206"), nullptr);
}

TEST(PlatformRules, C601QuietWithDeviceNodesOrOutsideContainers) {
  auto f = container_without_gpu();
  f.driver.device_nodes = healthy().driver.device_nodes;
  EXPECT_FALSE(fires(f, "C601"));
  EXPECT_FALSE(fires(healthy(), "C601"));
}

TEST(PlatformRules, C602FiresInAPodWithoutGpuInsteadOfC601) {
  auto f = container_without_gpu();
  f.host.kubernetes = true;
  f.host.kubernetes_evidence = {"KUBERNETES_SERVICE_HOST is set"};
  auto findings = run(f);
  EXPECT_NE(find(findings, "C602"), nullptr);
  EXPECT_EQ(find(findings, "C601"), nullptr);
  f.driver.device_nodes = healthy().driver.device_nodes;
  EXPECT_FALSE(fires(f, "C602"));
}

static gpudoctor::facts::Facts wsl() {
  auto f = healthy();
  f.host.is_wsl = true;
  f.host.wsl_dxg_present = f.host.wsl_lib_dir_present = true;
  f.pci.gpus.clear();
  f.driver = {};
  f.libraries[0].candidates[0].path = "/usr/lib/wsl/lib/libcuda.so.1";
  f.libraries[0].candidates[0].real_path = "/usr/lib/wsl/lib/libcuda.so.1.1";
  f.libraries[0].candidates[0].version = "";
  return f;
}

TEST(PlatformRules, C603FiresWithoutDxg) {
  auto f = wsl();
  EXPECT_FALSE(fires(f, "C603"));
  EXPECT_FALSE(fires(f, "H101"));
  f.host.wsl_dxg_present = false;
  EXPECT_TRUE(fires(f, "C603"));
}

TEST(PlatformRules, C604FiresWhenALinuxLibcudaShadowsWsl) {
  auto f = wsl();
  EXPECT_FALSE(fires(f, "C604"));
  auto linux_lib = healthy().libraries[0].candidates[0];
  f.libraries[0].candidates.insert(f.libraries[0].candidates.begin(), linux_lib);
  auto x = find(run(f), "C604");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("/usr/lib/x86_64-linux-gnu/libcuda.so.1"), std::string::npos);
}

// --- C605: /dev/shm too small for NCCL in a multi-GPU container ---

static gpudoctor::facts::Facts container_with_gpus(int n, long long shm_bytes) {
  auto f = healthy();
  f.host.container = "docker";
  while (static_cast<int>(f.driver.gpus.size()) < n) {
    auto g = f.driver.gpus.front();
    g.bdf = "0000:" + std::to_string(30 + f.driver.gpus.size()) + ":00.0";
    f.driver.gpus.push_back(g);
  }
  f.host.shm.present = f.host.shm.mounted = true;
  f.host.shm.fs_type = "tmpfs";
  f.host.shm.mode = "1777";
  f.host.shm.writable = true;
  f.host.shm.size_bytes = shm_bytes;
  return f;
}

TEST(PlatformRules, C605FiresForDockersDefaultShmWithTwoGpus) {
  auto x = find(run(container_with_gpus(2, 64LL << 20)), "C605");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("/dev/shm is 64 MiB"), std::string::npos) << x->message;
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::warning);
  EXPECT_TRUE(fires(container_with_gpus(8, (1LL << 30) - 1), "C605"));  // just under 1 GiB
  auto ro = container_with_gpus(2, 8LL << 30);
  ro.host.shm.read_only = true;
  ro.host.shm.writable = false;
  EXPECT_NE(find(run(ro), "C605")->message.find("read-only"), std::string::npos);
  auto locked = container_with_gpus(2, 8LL << 30);
  locked.host.shm.writable = false;
  locked.host.shm.mode = "0755";
  EXPECT_TRUE(fires(locked, "C605"));
}

TEST(PlatformRules, C605QuietWithOneGpuOnTheHostOrEnoughShm) {
  EXPECT_FALSE(fires(container_with_gpus(1, 64LL << 20), "C605"));   // no NCCL between GPUs
  EXPECT_FALSE(fires(container_with_gpus(2, 1LL << 30), "C605"));    // exactly 1 GiB
  EXPECT_FALSE(fires(container_with_gpus(2, -1), "C605"));           // size unknown (no size=)
  auto host = container_with_gpus(2, 64LL << 20);
  host.host.container.clear();  // a host's /dev/shm is half of RAM by default; not judged
  EXPECT_FALSE(fires(host, "C605"));
  EXPECT_FALSE(fires(healthy(), "C605"));
}
