// Fires / quiet cases for the E codes.
#include <gtest/gtest.h>

#include "rules/facts_fixture.hpp"

using namespace gdtest;

static gpudoctor::facts::Facts with_env(const std::string& k, const std::string& v) {
  auto f = healthy();
  f.env.vars[k] = v;
  return f;
}

TEST(EnvironmentRules, E501FiresForMinusOneEmptyAndMissingIndex) {
  EXPECT_TRUE(fires(with_env("CUDA_VISIBLE_DEVICES", "-1"), "E501"));
  EXPECT_TRUE(fires(with_env("CUDA_VISIBLE_DEVICES", ""), "E501"));
  EXPECT_TRUE(fires(with_env("CUDA_VISIBLE_DEVICES", "1"), "E501"));  // one GPU: index 1 does not exist
  EXPECT_TRUE(fires(with_env("CUDA_VISIBLE_DEVICES", "none"), "E501"));
}

TEST(EnvironmentRules, E501QuietForValidIndexOrUuidOrUnset) {
  EXPECT_FALSE(fires(with_env("CUDA_VISIBLE_DEVICES", "0"), "E501"));
  EXPECT_FALSE(fires(with_env("CUDA_VISIBLE_DEVICES", "GPU-8f6e1c2a"), "E501"));
  EXPECT_FALSE(fires(with_env("CUDA_VISIBLE_DEVICES", "MIG-1234"), "E501"));
  EXPECT_FALSE(fires(healthy(), "E501"));
}

TEST(EnvironmentRules, E502FiresWhenLaterEntriesAreDropped) {
  auto x = find(run(with_env("CUDA_VISIBLE_DEVICES", "0,3,1")), "E502");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("'3'"), std::string::npos);
  EXPECT_FALSE(fires(with_env("CUDA_VISIBLE_DEVICES", "0"), "E502"));
  EXPECT_FALSE(fires(with_env("CUDA_VISIBLE_DEVICES", "-1"), "E502"));  // E501's case
}

TEST(EnvironmentRules, E503FiresOnlyInsideContainers) {
  auto f = with_env("NVIDIA_VISIBLE_DEVICES", "void");
  EXPECT_FALSE(fires(f, "E503"));
  f.host.container = "docker";
  EXPECT_TRUE(fires(f, "E503"));
  f.env.vars["NVIDIA_VISIBLE_DEVICES"] = "all";
  EXPECT_FALSE(fires(f, "E503"));
}

TEST(EnvironmentRules, E504FiresWithoutComputeCapability) {
  auto f = with_env("NVIDIA_DRIVER_CAPABILITIES", "utility,video");
  f.host.container = "docker";
  EXPECT_TRUE(fires(f, "E504"));
  f.env.vars["NVIDIA_DRIVER_CAPABILITIES"] = "compute,utility";
  EXPECT_FALSE(fires(f, "E504"));
  f.env.vars["NVIDIA_DRIVER_CAPABILITIES"] = "all";
  EXPECT_FALSE(fires(f, "E504"));
}

TEST(EnvironmentRules, E505FiresFromLevelTwo) {
  EXPECT_TRUE(fires(with_env("TF_CPP_MIN_LOG_LEVEL", "3"), "E505"));
  EXPECT_TRUE(fires(with_env("TF_CPP_MIN_LOG_LEVEL", "2"), "E505"));
  EXPECT_FALSE(fires(with_env("TF_CPP_MIN_LOG_LEVEL", "1"), "E505"));
  EXPECT_FALSE(fires(with_env("TF_CPP_MIN_LOG_LEVEL", "x"), "E505"));
}

TEST(EnvironmentRules, E506FiresForMissingLdLibraryPathDirs) {
  auto f = healthy();
  f.env.ld_library_path_missing = {"/usr/local/cuda-11.2/lib64"};
  auto x = find(run(f), "E506");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("cuda-11.2"), std::string::npos);
  EXPECT_FALSE(fires(healthy(), "E506"));
}

TEST(EnvironmentRules, E507FiresWhenJaxIsPinnedToCpu) {
  EXPECT_TRUE(fires(with_env("JAX_PLATFORMS", "cpu"), "E507"));
  EXPECT_TRUE(fires(with_env("JAX_PLATFORM_NAME", "cpu"), "E507"));
  EXPECT_FALSE(fires(with_env("JAX_PLATFORMS", "cuda,cpu"), "E507"));
  EXPECT_FALSE(fires(healthy(), "E507"));
}

TEST(EnvironmentRules, E508FiresForAStaleCudaHome) {
  EXPECT_TRUE(fires(with_env("CUDA_HOME", "/usr/local/cuda-11.8"), "E508"));
  EXPECT_FALSE(fires(with_env("CUDA_HOME", "/usr/local/cuda-12.4"), "E508"));
}

TEST(EnvironmentRules, E509FiresForPreloadedCudaLibraries) {
  EXPECT_TRUE(fires(with_env("LD_PRELOAD", "/opt/cuda-11/lib64/libcudart.so.11.0"), "E509"));
  EXPECT_FALSE(fires(with_env("LD_PRELOAD", "/usr/lib/libjemalloc.so.2"), "E509"));
}

// --- GPU identity in CUDA_VISIBLE_DEVICES (CUDA C++ Programming Guide, "CUDA Environment Variables") ---

// Two H100s with known UUIDs, in PCI bus order (the probe's order may differ: the rule sorts).
static gpudoctor::facts::Facts two_gpus(const std::string& cvd) {
  auto f = healthy();
  auto second = f.driver.gpus.front();
  second.bdf = "0000:2a:00.0";
  second.uuid = "GPU-8f6e9999-aaaa-bbbb-cccc-ddddeeeeffff";
  second.device_minor = 1;
  f.driver.gpus.insert(f.driver.gpus.begin(), second);  // listed first, but second on the bus
  auto pci2 = f.pci.gpus.front();
  pci2.bdf = second.bdf;
  f.pci.gpus.push_back(pci2);
  f.env.vars["CUDA_VISIBLE_DEVICES"] = cvd;
  return f;
}

TEST(VisibleDevicesParse, ResolvesIndicesUuidPrefixesMigAndCutsAtTheFirstInvalid) {
  using gpudoctor::parse::EntryResolution;
  using S = EntryResolution::Status;
  gpudoctor::parse::KnownGpus g;
  g.uuids = {"GPU-8f6e1c2a-0000-1111-2222-333344445555", "GPU-8f6e9999-aaaa-bbbb-cccc-ddddeeeeffff"};
  auto st = [&](const std::string& v) {
    std::vector<S> out;
    for (const auto& r : gpudoctor::parse::parse_visible_devices(v).resolve(g)) out.push_back(r.status);
    return out;
  };
  EXPECT_EQ(st("1,0"), (std::vector<S>{S::gpu, S::gpu}));
  EXPECT_EQ(st("GPU-8f6e1c2a-0000-1111-2222-333344445555"), (std::vector<S>{S::gpu}));  // full UUID
  EXPECT_EQ(st("GPU-8F6E9"), (std::vector<S>{S::gpu}));                             // unique prefix
  EXPECT_EQ(st("GPU-8f6e,0"), (std::vector<S>{S::ambiguous}));                      // prefix of both: cut
  EXPECT_EQ(st("0,GPU-deadbeef,1"), (std::vector<S>{S::gpu, S::no_match}));          // cut after the unknown
  EXPECT_EQ(st("0,GPU-8f6e1c2a"), (std::vector<S>{S::gpu, S::duplicate}));           // GPU 0 twice
  EXPECT_EQ(st("0,1,0"), (std::vector<S>{S::gpu, S::gpu, S::duplicate}));
  EXPECT_EQ(st("0,2,1"), (std::vector<S>{S::gpu, S::out_of_range}));
  EXPECT_EQ(st("0,2,-1,1").size(), 2u);
  EXPECT_EQ(st("8f6e1c2a"), (std::vector<S>{S::invalid}));  // a UUID needs its "GPU-" prefix
  EXPECT_EQ(st("MIG-GPU-deadbeef/1/0"), (std::vector<S>{S::no_match}));              // legacy form, parent unknown
  EXPECT_EQ(st("MIG-GPU-8f6e1c2a-0000-1111-2222-333344445555/1/0"), (std::vector<S>{S::unchecked}));
  EXPECT_EQ(st("MIG-0a1b2c3d-4e5f-6789-abcd-ef0123456789"), (std::vector<S>{S::unchecked}));
  g.any_mig = false;
  EXPECT_EQ(st("MIG-0a1b2c3d-4e5f-6789-abcd-ef0123456789"), (std::vector<S>{S::no_match}));
  gpudoctor::parse::KnownGpus unknown;  // no UUIDs known: nothing to judge a UUID by
  EXPECT_EQ(gpudoctor::parse::parse_visible_devices("GPU-deadbeef,0").honoured(unknown).size(), 2u);
}

TEST(EnvironmentRules, E510FiresForAUuidThatMatchesNoGpu) {
  auto x = find(run(two_gpus("0,GPU-deadbeef,1")), "E510");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("'GPU-deadbeef' matches no GPU here"), std::string::npos) << x->message;
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::warning);
  auto all = run(two_gpus("0,GPU-deadbeef,1"));
  auto e502 = find(all, "E502");
  ASSERT_NE(e502, nullptr);  // only 1 of 3 entries take effect
  EXPECT_EQ(e502->explained_by, "E510");
  auto e511 = find(all, "E511");
  ASSERT_NE(e511, nullptr);  // 1 of 2 GPUs
  EXPECT_FALSE(e511->explained_by.empty());
  EXPECT_TRUE(fires(two_gpus("1,GPU-8f6e"), "E510"));  // a prefix of both UUIDs names none
}

TEST(EnvironmentRules, E510QuietForKnownUuidsPrefixesAndUnknownIdentities) {
  EXPECT_FALSE(fires(two_gpus("GPU-8f6e9999,GPU-8f6e1c2a"), "E510"));
  EXPECT_FALSE(fires(two_gpus("0,1"), "E510"));
  EXPECT_FALSE(fires(two_gpus("GPU-8f6e1c2a-0000-1111-2222-333344445555"), "E510"));
  auto f = two_gpus("0,GPU-deadbeef");
  for (auto& g : f.driver.gpus) g.uuid.clear();  // UUIDs not read: cannot judge
  EXPECT_FALSE(fires(f, "E510"));
  EXPECT_FALSE(fires(two_gpus("0,MIG-0a1b2c3d-4e5f-6789-abcd-ef0123456789"), "E510"));  // MIG state unknown
}

TEST(EnvironmentRules, E501NamesAnUnknownFirstUuidInsteadOfE510) {
  auto all = run(two_gpus("GPU-deadbeef,0"));
  auto x = find(all, "E501");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("'GPU-deadbeef' matches no GPU here"), std::string::npos) << x->message;
  EXPECT_EQ(find(all, "E510"), nullptr);
}

TEST(EnvironmentRules, E510MigNameWhenNvmlSaysMigIsOff) {
  auto f = two_gpus("0,MIG-0a1b2c3d-4e5f-6789-abcd-ef0123456789");
  for (const auto& d : f.driver.gpus) {
    gpudoctor::facts::NvmlGpu g;
    g.index = d.bdf == "0000:18:00.0" ? 0 : 1;
    g.uuid = d.uuid;
    g.mig_current = 0;
    f.live.nvml.gpus.push_back(g);
  }
  auto x = find(run(f), "E510");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("no GPU here has MIG mode enabled"), std::string::npos) << x->message;
  for (auto& g : f.live.nvml.gpus) g.mig_current = 1;
  EXPECT_FALSE(fires(f, "E510"));
}

TEST(EnvironmentRules, E510NvidiaVisibleDevicesInAContainer) {
  auto f = healthy();
  f.host.container = "docker";
  f.env.vars["NVIDIA_VISIBLE_DEVICES"] = "GPU-0badc0de-0000-0000-0000-000000000000";
  auto x = find(run(f), "E510");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->subject, "NVIDIA_VISIBLE_DEVICES");
  f.env.vars["NVIDIA_VISIBLE_DEVICES"] = "GPU-8f6e1c2a";
  EXPECT_FALSE(fires(f, "E510"));
  f.env.vars["NVIDIA_VISIBLE_DEVICES"] = "all";
  EXPECT_FALSE(fires(f, "E510"));
  f.host.container.clear();  // on a host the variable means nothing to CUDA
  f.env.vars["NVIDIA_VISIBLE_DEVICES"] = "GPU-0badc0de-0000-0000-0000-000000000000";
  EXPECT_FALSE(fires(f, "E510"));
}

TEST(EnvironmentRules, E511SaysKOfNGpusVisible) {
  auto all = run(two_gpus("0"));
  auto x = find(all, "E511");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("1 of 2 GPUs visible"), std::string::npos) << x->message;
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::info);
  EXPECT_TRUE(gpudoctor::findings::gpu_usable(all));  // information, never "unusable"
  EXPECT_TRUE(fires(two_gpus("GPU-8f6e9999"), "E511"));
}

TEST(EnvironmentRules, E511QuietWhenEveryGpuIsVisibleOrOnlyOneExists) {
  EXPECT_FALSE(fires(two_gpus("0,1"), "E511"));
  EXPECT_FALSE(fires(two_gpus("1,GPU-8f6e1c2a"), "E511"));
  EXPECT_FALSE(fires(with_env("CUDA_VISIBLE_DEVICES", "0"), "E511"));  // one GPU
  auto unset = two_gpus("0");
  unset.env.vars.erase("CUDA_VISIBLE_DEVICES");
  EXPECT_FALSE(fires(unset, "E511"));
  EXPECT_FALSE(fires(two_gpus("-1"), "E511"));  // none visible: E501's
}
