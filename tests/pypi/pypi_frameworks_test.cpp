// Network tier: gpudoctor against real PyPI wheels installed by tests/pypi/setup_envs.sh.
// Skipped unless GD_PYPI_ENVS names the directory the script filled. Versions are read
// independently from the installed files (dist-info names, build_info.py by regex) and
// compared with gpudoctor's JSON.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli_test_util.hpp"
#include "pypi/pypi_envs.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string site_of(const std::string& env) {
  for (const auto& e : fs::directory_iterator(env + "/lib"))
    if (fs::exists(e.path() / "site-packages")) return (e.path() / "site-packages").string();
  return "";
}

// "<prefix>-<version>.dist-info" in site, version "" when absent.
std::string dist_version(const std::string& site, const std::string& prefix) {
  for (const auto& e : fs::directory_iterator(site)) {
    std::string n = e.path().filename().string();
    if (n.rfind(prefix + "-", 0) == 0 && n.size() > 10 && n.substr(n.size() - 10) == ".dist-info")
      return n.substr(prefix.size() + 1, n.size() - prefix.size() - 11);
  }
  return "";
}

std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Runs the real binary on this machine with VIRTUAL_ENV set, as a user with the env active.
json diagnose(const std::string& env) {
  return json::parse(gdtest::run_gpudoctor("--json --no-live", "VIRTUAL_ENV='" + env + "' HOME=/nonexistent-gd-home").out);
}

const json* install_in(const json& report, const std::string& env, const std::string& framework) {
  for (const auto& i : report["facts"]["frameworks"]["installs"])
    if (i["env_prefix"] == env && i["framework"] == framework) return &i;
  return nullptr;
}

std::vector<json> findings_about(const json& report, const std::string& subject) {
  std::vector<json> out;
  for (const auto& f : report["findings"])
    if (f.value("subject", "") == subject) out.push_back(f);
  return out;
}

bool has_code(const std::vector<json>& fs_, const std::string& code) {
  for (const auto& f : fs_)
    if (f["code"] == code) return true;
  return false;
}

#define GD_NEED_ENV(name)                                                          \
  std::string env = gdtest::pypi_envs_dir() + "/" name;                                         \
  if (gdtest::pypi_envs_dir().empty()) GD_TIER_UNAVAILABLE("pypi", "GD_PYPI_ENVS not set");     \
  if (!fs::exists(env + "/.gd-done")) GD_TIER_UNAVAILABLE("pypi", env << " not prepared");    \
  std::string site = site_of(env)

}  // namespace

TEST(PyPIFrameworks, Tensorflow2151NamesTheMissingCuda12AndCudnn8Libraries) {
  GD_NEED_ENV("tf215");
  std::string version = dist_version(site, "tensorflow");
  ASSERT_EQ(version, "2.15.1");
  std::smatch m;
  std::string bi = slurp(site + "/tensorflow/python/platform/build_info.py");
  ASSERT_TRUE(std::regex_search(bi, m, std::regex(R"(\('cuda_version', '([0-9.]+)'\))")));
  std::string cuda = m[1];
  ASSERT_TRUE(std::regex_search(bi, m, std::regex(R"(\('cudnn_version', '([0-9.]+)'\))")));
  std::string cudnn = m[1];

  json r = diagnose(env);
  const json* i = install_in(r, env, "tensorflow");
  ASSERT_TRUE(i) << "no tensorflow install reported in " << env;
  EXPECT_EQ((*i)["version"], version);
  EXPECT_EQ((*i)["cuda_version"], cuda);
  EXPECT_EQ((*i)["cudnn_version"], cudnn);
  EXPECT_EQ((*i)["build"], "cuda");
  auto f = findings_about(r, "tensorflow " + version + " in " + env);
  ASSERT_TRUE(has_code(f, "F702")) << r["findings"].dump(1);
  bool cudnn_named = false;
  for (const auto& x : f) {
    std::string msg = x["message"];
    if (x["code"] == "F702") {
      EXPECT_NE(msg.find("libcudart.so.12"), std::string::npos) << msg;
    }
    if ((x["code"] == "F703" || x["code"] == "F704") && msg.find("libcudnn.so." + cudnn) != std::string::npos)
      cudnn_named = true;
  }
  EXPECT_TRUE(cudnn_named) << r["findings"].dump(1);
}

TEST(PyPIFrameworks, TensorflowCpuIsACpuOnlyBuild) {
  GD_NEED_ENV("tfcpu");
  std::string version = dist_version(site, "tensorflow_cpu");
  ASSERT_FALSE(version.empty());
  json r = diagnose(env);
  const json* i = install_in(r, env, "tensorflow");
  ASSERT_TRUE(i);
  EXPECT_EQ((*i)["distribution"], "tensorflow-cpu");
  EXPECT_EQ((*i)["version"], version);
  EXPECT_EQ((*i)["build"], "cpu");
  EXPECT_TRUE(has_code(findings_about(r, "tensorflow " + version + " in " + env), "F701"));
}

TEST(PyPIFrameworks, JaxWithoutPluginHasNoCudaBackend) {
  GD_NEED_ENV("jaxcpu");
  std::string jaxlib = dist_version(site, "jaxlib");
  std::string jax = dist_version(site, "jax");
  json r = diagnose(env);
  const json* i = install_in(r, env, "jax");
  ASSERT_TRUE(i);
  EXPECT_EQ((*i)["jaxlib_version"], jaxlib);
  EXPECT_EQ((*i)["jax_version"], jax);
  EXPECT_EQ((*i)["build"], "cpu");
  EXPECT_TRUE(has_code(findings_about(r, "jax " + jax + " in " + env), "F709"));
}

TEST(PyPIFrameworks, JaxCudaPluginLoadsTheWheelsOwnLibraries) {
  GD_NEED_ENV("jaxcuda");
  std::string plugin = dist_version(site, "jax_cuda12_plugin");
  std::string cudnn_wheel = dist_version(site, "nvidia_cudnn_cu12");
  std::string runtime_wheel = dist_version(site, "nvidia_cuda_runtime_cu12");
  ASSERT_FALSE(plugin.empty());
  ASSERT_FALSE(cudnn_wheel.empty());
  json r = diagnose(env);
  const json* i = install_in(r, env, "jax");
  ASSERT_TRUE(i);
  EXPECT_EQ((*i)["build"], "cuda");
  EXPECT_EQ((*i)["plugin_version"], plugin);
  std::map<std::string, json> libs;
  for (const auto& l : (*i)["libraries"]) libs[l["id"]] = l;
  ASSERT_TRUE(libs.count("cudnn"));
  EXPECT_EQ(libs["cudnn"]["path"], site + "/nvidia/cudnn/lib/libcudnn.so.9");
  EXPECT_EQ(libs["cudnn"]["version"], cudnn_wheel);
  EXPECT_TRUE(libs["cudnn"]["from_wheel"].get<bool>());
  EXPECT_EQ(libs["cudart"]["path"], site + "/nvidia/cuda_runtime/lib/libcudart.so.12");
  EXPECT_EQ(libs["cudart"]["version"], runtime_wheel);
  auto f = findings_about(r, "jax " + dist_version(site, "jax") + " in " + env);
  for (const auto& x : f) EXPECT_NE(x["severity"], "error") << x.dump();
  // The fat binaries of the plugin were read.
  EXPECT_FALSE((*i)["gpu_code"].empty());
}
