#include <gtest/gtest.h>

#include "probe/probes.hpp"

namespace gpudoctor::probe {
namespace {

facts::EnvFacts probe(std::map<std::string, std::string> env) {
  ProbeContext ctx;
  ctx.env = std::move(env);
  facts::EnvFacts out;
  probe_env(ctx, out);
  return out;
}

TEST(EnvProbe, KeepsWhatDecidesGpuUse) {
  auto e = probe({{"CUDA_VISIBLE_DEVICES", "-1"}, {"TF_CPP_MIN_LOG_LEVEL", "3"}, {"XLA_FLAGS", "--xla_gpu_cuda_data_dir=/x"},
                  {"LD_LIBRARY_PATH", "/usr/local/cuda/lib64"}, {"EDITOR", "vim"}});
  EXPECT_EQ(e.vars.at("CUDA_VISIBLE_DEVICES"), "-1");
  EXPECT_EQ(e.vars.at("TF_CPP_MIN_LOG_LEVEL"), "3");
  EXPECT_EQ(e.vars.count("XLA_FLAGS"), 1u);
  EXPECT_EQ(e.vars.count("LD_LIBRARY_PATH"), 1u);
  EXPECT_EQ(e.vars.count("EDITOR"), 0u);
}

// Terraform shares the TF_ prefix, and its TF_VAR_* often carry credentials: not on the
// allow-list (kb/env_vars.tsv). A secret-named variable under a GPU prefix is kept with its
// real value for the rules; every output redacts it (tests/render/redact_test.cpp,
// tests/cli/pastesafe_test.cpp).
TEST(EnvProbe, LeavesOutTerraformKeepsGpuSecretsForTheRules) {
  auto e = probe({{"TF_VAR_db_password", "hunter2"}, {"TF_CLI_CONFIG_FILE", "/root/.terraformrc"},
                  {"TF_TOKEN_app_terraform_io", "x"}, {"TF_LOG", "DEBUG"}, {"TF_WORKSPACE", "prod"},
                  {"NVIDIA_API_KEY", "nvapi-x"}, {"CUDA_SECRET_THING", "y"}, {"TF_FORCE_GPU_ALLOW_GROWTH", "true"},
                  {"AWS_SECRET_ACCESS_KEY", "z"}, {"HOME", "/root"}});
  EXPECT_EQ(e.vars.size(), 3u);
  EXPECT_EQ(e.vars.count("TF_FORCE_GPU_ALLOW_GROWTH"), 1u);
  EXPECT_EQ(e.vars.at("NVIDIA_API_KEY"), "nvapi-x");
  EXPECT_EQ(e.vars.at("CUDA_SECRET_THING"), "y");
}

}  // namespace
}  // namespace gpudoctor::probe
