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
