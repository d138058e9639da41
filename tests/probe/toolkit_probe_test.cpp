#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "probe/library_cuda_roots.hpp"
#include "probe/library_scenario.hpp"
#include "probe/probes.hpp"

namespace gpudoctor::probe {
namespace {

const facts::CudaRoot* root_at(const facts::ToolkitFacts& t, std::string_view path) {
  for (const auto& r : t.roots)
    if (r.path == path) return &r;
  return nullptr;
}

std::string dump(const facts::ToolkitFacts& t) { return nlohmann::json(t).dump(1); }

TEST(ToolkitProbe, FindsEveryRootAndReadsVersionsFromFiles) {
  GD_LOAD_SCENARIO(s, "toolkits");
  auto ctx = s->context();
  facts::ToolkitFacts t;
  probe_toolkit(ctx, t);
  ASSERT_EQ(t.roots.size(), 4u) << dump(t);

  // CUDA_HOME through the absolute /usr/local/cuda link, de-duplicated by real path.
  const auto& home = t.roots[0];
  EXPECT_EQ(home.path, "/usr/local/cuda");
  EXPECT_EQ(home.found_via, "CUDA_HOME");
  EXPECT_EQ(home.real_path, "/usr/local/cuda-12.2");
  EXPECT_EQ(home.aliases, std::vector<std::string>{"/usr/local/cuda-12.2"});
  EXPECT_EQ(home.version, "12.2.2");
  EXPECT_EQ(home.version_source, "version.json");
  EXPECT_EQ(home.components.at("cuda_cudart"), "12.2.140");
  EXPECT_EQ(home.nvcc_path, "/usr/local/cuda/bin/nvcc");
  EXPECT_EQ(home.ptxas_path, "/usr/local/cuda/bin/ptxas");
  EXPECT_EQ(home.libdevice_path, "/usr/local/cuda/nvvm/libdevice/libdevice.10.bc");
  // Without running anything, nvcc's version is version.json's cuda_nvcc.
  EXPECT_EQ(home.nvcc_version, "12.2.140");
  EXPECT_EQ(home.nvcc_version_source, "version.json");
  EXPECT_EQ(home.ptxas_version, "12.2.140");
  EXPECT_TRUE(home.problems.empty());

  // A CUDA_PATH pointing nowhere is reported, not dropped.
  const auto& stale = t.roots[1];
  EXPECT_EQ(stale.path, "/opt/cuda-10.2");
  EXPECT_EQ(stale.found_via, "CUDA_PATH");
  ASSERT_EQ(stale.problems.size(), 1u);
  EXPECT_EQ(stale.problems[0], "CUDA_PATH points to /opt/cuda-10.2: no such file or directory");

  // nvcc on PATH is a wrapper script in /usr/local/bin: its target names the root.
  const auto* old = root_at(t, "/usr/local/cuda-11.0");
  ASSERT_NE(old, nullptr) << dump(t);
  EXPECT_EQ(old->found_via, "PATH");
  EXPECT_EQ(old->version, "11.0.228");
  EXPECT_EQ(old->version_source, "version.txt");
  EXPECT_EQ(old->libdevice_path, "");

  const auto* opt = root_at(t, "/opt/cuda");
  ASSERT_NE(opt, nullptr) << dump(t);
  EXPECT_EQ(opt->version, "12.4");
  EXPECT_EQ(opt->version_source, "cuda_runtime_api.h");
  EXPECT_EQ(opt->nvcc_path, "");

  EXPECT_EQ(t.nvcc_on_path, "/usr/local/bin/nvcc");
  EXPECT_EQ(t.ptxas_on_path, "");
}

TEST(ToolkitProbe, RunsNvccAndPtxasWithATimeoutWhenAllowed) {
  GD_LOAD_SCENARIO(s, "toolkits");
  auto ctx = s->context();
  ctx.allow_exec = true;
  ctx.exec_timeout_ms = 500;
  facts::ToolkitFacts t;
  probe_toolkit(ctx, t);
  ASSERT_GE(t.roots.size(), 3u) << dump(t);
  // version.json names nvcc's version: nothing is run for that root.
  EXPECT_EQ(t.roots[0].nvcc_version, "12.2.140");
  EXPECT_EQ(t.roots[0].nvcc_version_source, "version.json");
  EXPECT_EQ(t.roots[0].ptxas_version_source, "version.json");
  // cuda-11.0's nvcc hangs: killed at the deadline and reported.
  const auto* old = root_at(t, "/usr/local/cuda-11.0");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->nvcc_version, "");
  ASSERT_EQ(old->problems.size(), 1u) << dump(t);
  EXPECT_EQ(old->problems[0], "nvcc --version failed: timed out after 500 ms");
  bool recorded = false;
  for (const auto& p : ctx.problems) recorded = recorded || (p.probe == "toolkit" && p.path == "/usr/local/cuda-11.0/bin/nvcc");
  EXPECT_TRUE(recorded);

  // Without version.json the tools themselves say their version.
  std::filesystem::remove(s->host("/usr/local/cuda-12.2/version.json"));
  facts::ToolkitFacts t2;
  probe_toolkit(ctx, t2);
  ASSERT_FALSE(t2.roots.empty()) << dump(t2);
  EXPECT_EQ(t2.roots[0].nvcc_version, "12.2.140");
  EXPECT_EQ(t2.roots[0].nvcc_version_source, "nvcc --version");
  EXPECT_EQ(t2.roots[0].ptxas_version_source, "ptxas --version");
}

TEST(ToolkitProbe, CondaToolkitAndStaleCudaHome) {
  GD_LOAD_SCENARIO(s, "conda_env");
  auto ctx = s->context();
  facts::ToolkitFacts t;
  probe_toolkit(ctx, t);
  ASSERT_EQ(t.roots.size(), 2u) << dump(t);
  EXPECT_EQ(t.roots[0].found_via, "CUDA_HOME");
  EXPECT_EQ(t.roots[0].problems.at(0), "CUDA_HOME points to /usr/local/cuda-11.2: no such file or directory");
  const auto& env = t.roots[1];
  EXPECT_EQ(env.path, "/home/u/miniconda3/envs/tf");
  EXPECT_EQ(env.found_via, "PATH");
  EXPECT_EQ(env.aliases, std::vector<std::string>{});  // the conda entry is the same path
  EXPECT_EQ(env.version, "11.8");
  EXPECT_EQ(env.version_source, "cuda_runtime_api.h");
  EXPECT_EQ(env.libdevice_path, "/home/u/miniconda3/envs/tf/nvvm/libdevice/libdevice.10.bc");
  EXPECT_EQ(env.nvcc_path, "/home/u/miniconda3/envs/tf/bin/nvcc");
  EXPECT_EQ(env.nvcc_version, "");  // not run, and no file names it
}

TEST(ToolkitProbe, CudaHomeWithoutToolkitFiles) {
  testing::Scenario s;
  ASSERT_EQ(testing::apply_manifest_line(s, "dir /opt/empty"), "");
  s.env["CUDA_HOME"] = "/opt/empty";
  auto ctx = s.context();
  facts::ToolkitFacts t;
  probe_toolkit(ctx, t);
  ASSERT_EQ(t.roots.size(), 1u);
  EXPECT_EQ(t.roots[0].problems, std::vector<std::string>{"CUDA_HOME points to /opt/empty, which holds no CUDA toolkit files"});
  EXPECT_EQ(t.roots[0].version, "");
}

TEST(ToolkitProbe, MalformedVersionJsonIsAProblemAndOtherSourcesStillWork) {
  testing::Scenario s;
  testing::write_file(s.host("/usr/local/cuda-12.8/version.json"), "{\"cuda\": {\"version\": ");
  testing::write_file(s.host("/usr/local/cuda-12.8/include/cuda_runtime_api.h"), "#define CUDART_VERSION 12080\n");
  auto ctx = s.context();
  facts::ToolkitFacts t;
  probe_toolkit(ctx, t);
  ASSERT_EQ(t.roots.size(), 1u) << dump(t);
  EXPECT_EQ(t.roots[0].version, "12.8");
  EXPECT_EQ(t.roots[0].problems, std::vector<std::string>{"version.json: invalid json"});
  ASSERT_EQ(ctx.problems.size(), 1u);
  EXPECT_EQ(ctx.problems[0].path, "/usr/local/cuda-12.8/version.json");
}

TEST(ToolkitProbe, ThisMachinesToolkit) {
  std::ifstream nvcc("/usr/local/cuda-13.0/bin/nvcc");
  std::ifstream dist("/usr/local/cuda-13.0/dist-info/nvidia_cuda_nvcc-13.0.88.dist-info/RECORD");
  if (!nvcc || !dist) GTEST_SKIP() << "not the CUDA 13 wheel-toolkit test machine";
  ProbeContext ctx = ProbeContext::live("/");
  ctx.env.erase("CUDA_HOME");
  ctx.env.erase("CUDA_PATH");
  facts::ToolkitFacts t;
  probe_toolkit(ctx, t);
  const facts::CudaRoot* root = nullptr;
  for (const auto& r : t.roots)
    if (r.real_path == "/usr/local/cuda-13.0") root = &r;
  ASSERT_NE(root, nullptr) << dump(t);
  // No version.json in a wheel-built toolkit: the nvcc wheel's dist-info says it.
  EXPECT_EQ(root->version, "13.0.88");
  EXPECT_EQ(root->version_source, "dist-info nvidia_cuda_nvcc-13.0.88.dist-info");
  EXPECT_EQ(root->nvcc_version, "13.0.88");
  EXPECT_EQ(root->nvcc_version_source, "dist-info nvidia_cuda_nvcc-13.0.88.dist-info");  // nothing run
  EXPECT_EQ(root->ptxas_version, "13.0.88");
  EXPECT_FALSE(root->libdevice_path.empty());
  EXPECT_TRUE(root->problems.empty()) << dump(t);
}

TEST(ToolkitRoots, WrapperTargetFollowsExecLine) {
  testing::Scenario s;
  ASSERT_EQ(testing::apply_manifest_line(s, "exec /usr/local/bin/ptxas #!/bin/sh\\nexec \"/opt/cu/bin/ptxas\" \"$@\""), "");
  ASSERT_EQ(testing::apply_manifest_line(s, "exec /usr/local/bin/other #!/bin/sh\\necho hi"), "");
  RootFs fs(s.root());
  EXPECT_EQ(wrapper_target(fs, "/usr/local/bin/ptxas", "ptxas"), "/opt/cu/bin/ptxas");
  EXPECT_EQ(wrapper_target(fs, "/usr/local/bin/other", "other"), "");
  EXPECT_EQ(wrapper_target(fs, "/missing", "x"), "");
}

}  // namespace
}  // namespace gpudoctor::probe
