// The machine the tests run on is a fixture too: CUDA 13 toolkit with real cudart,
// cuDNN and NCCL, a stub libcuda, and no GPU. Expectations are read independently
// from the toolkit's own files, never copied from gpudoctor.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/cli_test_util.hpp"

namespace fs = std::filesystem;
using gdtest::run_gpudoctor;

namespace {

const char* kCuda = "/usr/local/cuda";
const char* kCleanEnv = "-u LD_LIBRARY_PATH -u CUDA_VISIBLE_DEVICES -u NVIDIA_VISIBLE_DEVICES -u TF_CPP_MIN_LOG_LEVEL";

std::string header_version(const std::string& path, const std::string& prefix) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str(), out;
  for (const char* part : {"MAJOR", "MINOR", "PATCHLEVEL"}) {
    std::smatch m;
    std::string name = prefix + (std::string(part) == "PATCHLEVEL" && prefix == "NCCL_" ? "PATCH" : part);
    if (!std::regex_search(text, m, std::regex("#define\\s+" + name + "\\s+(\\d+)"))) return "";
    out += (out.empty() ? "" : ".") + m[1].str();
  }
  return out;
}

bool has_toolkit() { return fs::exists(std::string(kCuda) + "/include/cudnn_version.h"); }
bool has_gpu() { return fs::exists("/proc/driver/nvidia/version"); }

nlohmann::json report(const std::string& env, int* code = nullptr) {
  auto r = run_gpudoctor("--json --no-live", env);
  if (code) *code = r.exit_code;
  return nlohmann::json::parse(r.out);
}

const nlohmann::json* library(const nlohmann::json& rep, const std::string& id) {
  for (const auto& l : rep["facts"]["libraries"])
    if (l["id"] == id) return &l;
  return nullptr;
}

std::vector<std::string> slugs(const nlohmann::json& rep) {
  std::vector<std::string> out;
  for (const auto& f : rep["findings"]) out.push_back(f["slug"]);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST(RealMachine, NoGpuIsTheRootCauseAndExitCodeIsOne) {
  if (has_gpu()) GTEST_SKIP() << "this machine has an NVIDIA driver";
  int code = -1;
  auto rep = report(kCleanEnv, &code);
  EXPECT_EQ(code, 1);
  EXPECT_EQ(rep["schema_version"], 1);
  EXPECT_FALSE(rep["gpu_usable"].get<bool>());
  ASSERT_FALSE(rep["findings"].empty());
  EXPECT_EQ(rep["findings"][0]["cause"], "no_gpu_hardware");
  EXPECT_EQ(rep["findings"][0]["code"], "H101");
}

TEST(RealMachine, ReportsTheCudnnAndNcclVersionsThatAreReallyThere) {
  if (!has_toolkit()) GTEST_SKIP() << "no CUDA toolkit at " << kCuda;
  std::string cudnn = header_version(std::string(kCuda) + "/include/cudnn_version.h", "CUDNN_");
  std::string nccl = header_version(std::string(kCuda) + "/include/nccl.h", "NCCL_");
  ASSERT_FALSE(cudnn.empty());
  auto rep = report(kCleanEnv);
  const auto* lib = library(rep, "cudnn");
  ASSERT_NE(lib, nullptr);
  int sel = (*lib)["selected"];
  ASSERT_GE(sel, 0) << lib->dump(2);
  EXPECT_EQ((*lib)["candidates"][sel]["version"], cudnn);
  if (!nccl.empty()) {
    const auto* n = library(rep, "nccl");
    ASSERT_NE(n, nullptr);
    int s = (*n)["selected"];
    ASSERT_GE(s, 0);
    EXPECT_EQ((*n)["candidates"][s]["version"], nccl);
  }
}

TEST(RealMachine, ReportsTheCudaRuntimeVersionFromTheToolkit) {
  if (!has_toolkit()) GTEST_SKIP();
  // The toolkit here is built from NVIDIA's wheels; their dist-info names carry the versions.
  std::string runtime;
  for (const auto& e : fs::directory_iterator(std::string(kCuda) + "/dist-info")) {
    std::smatch m;
    std::string name = e.path().filename().string();
    if (std::regex_match(name, m, std::regex(R"(nvidia_cuda_runtime(?:_cu\d+)?-([0-9.]+)\.dist-info)"))) runtime = m[1];
  }
  if (runtime.empty()) GTEST_SKIP() << "no runtime dist-info";
  auto rep = report(kCleanEnv);
  const auto* lib = library(rep, "cudart");
  ASSERT_NE(lib, nullptr);
  int sel = (*lib)["selected"];
  ASSERT_GE(sel, 0);
  EXPECT_EQ((*lib)["candidates"][sel]["version"], runtime);
}

TEST(RealMachine, StubsDirOnLdLibraryPathIsFlagged) {
  if (!has_toolkit()) GTEST_SKIP();
  auto clean = report(kCleanEnv);
  EXPECT_FALSE(contains(slugs(clean), "libcuda_stub"));
  auto rep = report(std::string(kCleanEnv) + " LD_LIBRARY_PATH=" + kCuda + "/lib64/stubs");
  EXPECT_TRUE(contains(slugs(rep), "libcuda_stub")) << rep["findings"].dump(2);
}

TEST(RealMachine, CudaVisibleDevicesMinusOneIsFlagged) {
  auto rep = report(std::string(kCleanEnv) + " CUDA_VISIBLE_DEVICES=-1");
  EXPECT_TRUE(contains(slugs(rep), "visible_devices_hidden"));
  EXPECT_FALSE(contains(slugs(report(kCleanEnv)), "visible_devices_hidden"));
}

TEST(RealMachine, CollectedFactsDiagnoseTheSameElsewhere) {
  std::string path = (fs::temp_directory_path() / "gd_collect_test.json").string();
  auto c = run_gpudoctor("collect --no-live -o " + path, kCleanEnv);
  ASSERT_EQ(c.exit_code, 0);
  auto direct = report(kCleanEnv);
  auto replay = nlohmann::json::parse(run_gpudoctor("--json --facts " + path).out);
  EXPECT_EQ(direct["findings"], replay["findings"]);
  fs::remove(path);
}
