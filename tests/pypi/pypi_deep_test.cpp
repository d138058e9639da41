// Network tier: `gpudoctor --deep` on real PyPI wheels (tests/pypi/setup_envs.sh), on a
// machine without a GPU. Skipped unless GD_PYPI_ENVS names the prepared environments.
// Three framework imports in all (TensorFlow takes ~10 s each here): tensorflow 2.15.1,
// tensorflow-cpu and jax without plugin.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/cli_test_util.hpp"
#include "pypi/pypi_envs.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The real binary, as a user with `env` active; only the named environments are probed.
json deep_report(const std::string& env, const std::string& args) {
  auto r = gdtest::run_gpudoctor("--json --no-live --deep --deep-timeout 180 " + args,
                                 "VIRTUAL_ENV='" + env + "' HOME=/nonexistent-gd-home");
  return json::parse(r.out);
}

const json* deep_of(const json& r, const std::string& env, const std::string& framework) {
  for (const auto& c : r["facts"]["frameworks"]["deep"])
    if (c["env_prefix"] == env && c["framework"] == framework) return &c;
  return nullptr;
}

const json* finding(const json& r, const std::string& code, const std::string& subject_prefix) {
  for (const auto& f : r["findings"])
    if (f["code"] == code && f["subject"].get<std::string>().rfind(subject_prefix, 0) == 0) return &f;
  return nullptr;
}

const json* verdict(const json& r, const std::string& subject_prefix) {
  for (const auto& v : r["frameworks"])
    if (v["subject"].get<std::string>().rfind(subject_prefix, 0) == 0) return &v;
  return nullptr;
}

}  // namespace

// What TensorFlow 2.15.1 prints here: "Could not find cuda drivers on your machine, GPU
// will not be used." from tsl/cuda/cudart_stub.cc, i.e. libcudart.so.12 is not loadable.
TEST(PyPIDeep, Tensorflow2151SeesNoGpuBecauseCudartIsMissing) {
  if (gdtest::pypi_envs_dir().empty()) GD_TIER_UNAVAILABLE("pypi", "GD_PYPI_ENVS not set");
  std::string env = gdtest::pypi_envs_dir() + "/tf215";
  if (!gdtest::pypi_env_prepared(env)) GD_TIER_UNAVAILABLE("pypi", env << " not prepared");
  json r = deep_report(env, "--framework tensorflow");
  const json* c = deep_of(r, env, "tensorflow");
  ASSERT_TRUE(c) << r["facts"]["frameworks"].dump(1);
  EXPECT_EQ((*c)["status"], "ok") << c->dump(1);
  EXPECT_EQ((*c)["imported_version"], "2.15.1");
  EXPECT_EQ((*c)["gpu_count"], 0);
  EXPECT_EQ((*c)["python"], env + "/bin/python3");
  EXPECT_NE((*c)["matmul_device"].get<std::string>().find("CPU:0"), std::string::npos);
  EXPECT_NE((*c)["log"].get<std::string>().find("Could not find cuda drivers on your machine"), std::string::npos);
  const json* f = finding(r, "F720", "tensorflow 2.15.1 in " + env);
  ASSERT_TRUE(f) << r["findings"].dump(1);
  EXPECT_EQ((*f)["cause"], "cuda_libs_missing");
  EXPECT_NE((*f)["message"].get<std::string>().find("[X801]"), std::string::npos) << (*f)["message"];
  // The static verdict (F702: no libcudart.so.12) and the live one agree.
  EXPECT_FALSE(finding(r, "F721", "tensorflow")) << r["findings"].dump(1);
  const json* v = verdict(r, "tensorflow 2.15.1 in " + env);
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)["status"], "no_gpu");
  EXPECT_NE((*v)["live"].get<std::string>().find(", 0 GPUs, matmul ran on CPU:0"), std::string::npos) << (*v)["live"];
}

// tensorflow-cpu and JAX without plugin in one run: both import and see no GPU, and the
// cause comes from the static facts (their logs say nothing about the GPU).
TEST(PyPIDeep, CpuBuildsImportAndSeeNoGpu) {
  if (gdtest::pypi_envs_dir().empty()) GD_TIER_UNAVAILABLE("pypi", "GD_PYPI_ENVS not set");
  std::string tf = gdtest::pypi_envs_dir() + "/tfcpu", jax = gdtest::pypi_envs_dir() + "/jaxcpu";
  if (!gdtest::pypi_env_prepared(tf) || !gdtest::pypi_env_prepared(jax))
    GD_TIER_UNAVAILABLE("pypi", "tfcpu or jaxcpu not prepared");
  json r = deep_report(tf, "--env '" + jax + "'");
  const json* ct = deep_of(r, tf, "tensorflow");
  const json* cj = deep_of(r, jax, "jax");
  ASSERT_TRUE(ct && cj) << r["facts"]["frameworks"]["deep"].dump(1);
  EXPECT_EQ((*ct)["status"], "ok") << ct->dump(1);
  EXPECT_EQ((*ct)["gpu_count"], 0);
  EXPECT_EQ((*cj)["status"], "ok") << cj->dump(1);
  EXPECT_EQ((*cj)["gpu_count"], 0);
  EXPECT_EQ((*cj)["matmul_device"], "cpu:0");
  const json* ft = finding(r, "F720", "tensorflow");
  const json* fj = finding(r, "F720", "jax");
  ASSERT_TRUE(ft && fj) << r["findings"].dump(1);
  EXPECT_EQ((*ft)["cause"], "cpu_only_build");
  EXPECT_EQ((*fj)["cause"], "jax_no_cuda_plugin");
  EXPECT_FALSE(finding(r, "F721", "")) << r["findings"].dump(1);
}
