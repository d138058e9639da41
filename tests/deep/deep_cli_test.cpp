// `--deep` through the real binary, offline: an environment on the real root whose
// bin/python3 is a fake that prints a canned result. `collect --deep` then `--facts`
// gives the same verdict, since the outcome is a fact.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/cli_test_util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

class FakeJaxEnv {
 public:
  FakeJaxEnv() {
    dir_ = fs::temp_directory_path() / ("gd-deepcli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    std::string site = "lib/python3.11/site-packages";
    write("pyvenv.cfg", "home = /usr/bin\nversion = 3.11.7\n");
    write(site + "/jaxlib-0.6.2.dist-info/METADATA", "Name: jaxlib\nVersion: 0.6.2\n");
    write(site + "/jax-0.6.2.dist-info/METADATA", "Name: jax\nVersion: 0.6.2\n");
    write("result.json", R"({"gpudoctor_deep": 1, "framework": "jax", "stage": "done", "import_s": 1.5, )"
                         R"("version": "0.6.2", "gpu_count": 0, "devices": [], "matmul_device": "cpu:0"})"
                         "\n");
    std::string py = write("bin/python3", "#!/bin/sh\necho 'WARNING: All log messages before absl::InitializeLog()' >&2\n"
                                          "cat '" + (dir_ / "result.json").string() + "'\n");
    ::chmod(py.c_str(), 0755);
  }
  ~FakeJaxEnv() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }

 private:
  std::string write(const std::string& rel, const std::string& text) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
};

const char* kEnv = "HOME=/nonexistent-gd-home VIRTUAL_ENV= CONDA_PREFIX=";

const json* with_code(const json& findings, const std::string& code) {
  for (const auto& f : findings)
    if (f["code"] == code) return &f;
  return nullptr;
}

}  // namespace

TEST(DeepCli, CollectDeepThenFactsGivesTheSameVerdict) {
  FakeJaxEnv env;
  std::string facts = env.path() + "/facts.json";
  auto c = gdtest::run_gpudoctor("collect --no-live --deep --deep-timeout 20 --framework jax --env " + env.path() +
                                     " -o " + facts,
                                 kEnv);
  ASSERT_EQ(c.exit_code, 0) << c.out;
  std::ifstream in(facts);
  json f = json::parse(in);
  ASSERT_EQ(f["frameworks"]["deep"].size(), 1u) << f["frameworks"].dump(1);
  const auto& d = f["frameworks"]["deep"][0];
  EXPECT_EQ(d["status"], "ok");
  EXPECT_EQ(d["python"], env.path() + "/bin/python3");
  EXPECT_EQ(d["timeout_s"], 20.0);

  auto r = json::parse(gdtest::run_gpudoctor("--json --facts " + facts, kEnv).out);
  const json* x = with_code(r["findings"], "F720");
  ASSERT_TRUE(x) << r["findings"].dump(1);
  EXPECT_EQ((*x)["cause"], "jax_no_cuda_plugin");
  ASSERT_EQ(r["frameworks"].size(), 1u);
  EXPECT_EQ(r["frameworks"][0]["live"], "imported in 1.5 s, 0 GPUs, matmul ran on cpu:0");
}

TEST(DeepCli, DeepNeedsAMachineNotAFactsFile) {
  FakeJaxEnv env;
  auto r = gdtest::run_gpudoctor("--deep --facts " GD_FIXTURES "/facts/healthy_h100.json", kEnv, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("gpudoctor: error: --deep cannot run on a facts file"), std::string::npos) << r.out;
}
