// The real binary on this machine's real libraries and on the fake ones: whatever the
// driver does (34 from the stub, no library, a hang, a crash, hidden devices), the report
// comes out with the right finding.
#include <gtest/gtest.h>

#include <fstream>

#include "live_test_util.hpp"

using namespace gpudoctor::live::testkit;

namespace {

const nlohmann::json* finding(const nlohmann::json& report, const std::string& code) {
  for (const auto& f : report["findings"])
    if (f.value("code", "") == code) return &f;
  return nullptr;
}

}  // namespace

TEST(LiveIntegration, NoLibcudaOnTheLoaderPath) {
  if (system_has_libcuda()) GTEST_SKIP() << "this machine has a libcuda.so.1";
  auto r = run_gpudoctor({"--json"}, {}, 120, {"LD_LIBRARY_PATH"});
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.has("R903"));
  EXPECT_EQ(j["facts"]["live"]["outcome"], "no_library");
  EXPECT_EQ(j["facts"]["live"]["cuda"]["run"]["outcome"], "ok");
}

// The toolkit's stub found first through LD_LIBRARY_PATH (here via the SONAME link
// ldconfig would create): every call answers 34.
TEST(LiveIntegration, TheStubAnswers34) {
  const std::string stub = "/usr/local/cuda/lib64/stubs/libcuda.so";
  if (!std::filesystem::exists(stub)) GTEST_SKIP() << "no toolkit stub";
  TempDir dir;
  std::filesystem::create_symlink(stub, dir.path + "/libcuda.so.1");
  auto r = run_gpudoctor({"--json"}, {{"LD_LIBRARY_PATH", dir.path}});
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(r.exit_code, 1);
  const auto* f = finding(j, "R904");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["cause"], "libcuda_stub");
  const auto& c = j["facts"]["live"]["cuda"];
  EXPECT_EQ(c["init_result"], 34);
  EXPECT_EQ(c["init_result_name"], "CUDA_ERROR_STUB_LIBRARY");
  EXPECT_EQ(c["library"]["path"], dir.path + "/libcuda.so.1");
  EXPECT_NE(c["library"]["real_path"].get<std::string>().find("stubs/libcuda.so"), std::string::npos);
}

TEST(LiveIntegration, AHangingCuInitIsReportedNotWaitedFor) {
  auto r = run_gpudoctor({"--json", "--timeout", "1"}, fake_env("hang"));
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_LT(r.elapsed_s, 30);
  const auto* f = finding(j, "R901");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["message"], "the libcuda child did not finish within 1 s: it hung in cuInit");
  EXPECT_EQ(j["facts"]["live"]["outcome"], "timeout");
  // What it learnt before hanging is kept: the library it loaded.
  EXPECT_EQ(j["facts"]["live"]["cuda"]["library"]["loaded"], true);
}

TEST(LiveIntegration, ACrashInCuInitIsReported) {
  auto r = run_gpudoctor({"--json"}, fake_env("segv"));
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  const auto* f = finding(j, "R902");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["message"], "the libcuda child was killed by signal 11 (SIGSEGV, segmentation fault) in cuInit");
  EXPECT_EQ(j["facts"]["live"]["cuda"]["run"]["signal"], 11);
}

TEST(LiveIntegration, VisibleDevicesMinusOneHidesEverything) {
  auto env = fake_env("");
  env["CUDA_VISIBLE_DEVICES"] = "-1";
  auto r = run_gpudoctor({"--json"}, env);
  ASSERT_TRUE(r.json().is_object()) << r.out;
  EXPECT_TRUE(r.has("R905"));
  EXPECT_FALSE(r.has("R906"));
  EXPECT_EQ(r.json()["facts"]["live"]["cuda"]["init_result"], 100);
}

TEST(LiveIntegration, VisibleDevicesSelectsOne) {
  auto env = fake_env("");
  env["CUDA_VISIBLE_DEVICES"] = "1";
  auto r = run_gpudoctor({"--json"}, env);
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["facts"]["live"]["cuda"]["device_count"], 1);
  EXPECT_EQ(j["facts"]["live"]["cuda"]["devices"][0]["pci_bus_id"], "00000000:E2:00.0");
  EXPECT_TRUE(r.has("R940"));
}

TEST(LiveIntegration, NvmlVersionMismatch) {
  auto r = run_gpudoctor({"--json"}, fake_env("", true, "init=18"));
  ASSERT_TRUE(r.json().is_object()) << r.out;
  EXPECT_TRUE(r.has("R920"));
  EXPECT_EQ(r.exit_code, 1);
}

TEST(LiveIntegration, NvmlStateFindings) {
  auto r = run_gpudoctor({"--json"}, fake_env("", true));
  ASSERT_TRUE(r.json().is_object()) << r.out;
  for (const char* code : {"R930", "R931", "R932", "R933", "R934", "R935", "R940"}) EXPECT_TRUE(r.has(code)) << code;
  auto procs = r.json()["facts"]["live"]["nvml"]["gpus"][0]["processes"];
  ASSERT_EQ(procs.size(), 2u);
  // The fake reports the NVML child's own pid: its command line is read from /proc.
  EXPECT_NE(procs[0]["command"].get<std::string>().find("__live-child nvml"), std::string::npos);
}

TEST(LiveIntegration, NoLiveSkipsTheChild) {
  auto r = run_gpudoctor({"--json", "--no-live"}, fake_env("segv"));
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["facts"]["live"]["ran"], false);
  for (const auto& c : r.codes()) EXPECT_NE(c[0], 'R') << c;
}

// `collect` then `--facts` gives the same findings: the live facts round-trip.
TEST(LiveIntegration, CollectedFactsDiagnoseTheSame) {
  TempDir dir;
  auto env = fake_env("ctx=2", true);
  auto direct = run_gpudoctor({"--json"}, env);
  auto collected = run_gpudoctor({"collect", "-o", dir.path + "/facts.json"}, env);
  ASSERT_EQ(collected.exit_code, 0);
  auto replay = run_gpudoctor({"--json", "--facts", dir.path + "/facts.json"});
  ASSERT_TRUE(replay.json().is_object()) << replay.out;
  EXPECT_EQ(replay.codes(), direct.codes());
  EXPECT_TRUE(replay.has("R914"));
}

TEST(LiveIntegration, SelftestOnTheFakeGpu) {
  auto r = run_gpudoctor({"selftest", "--json", "--quick", "--device", "0", "--gemm-size", "64", "--cublaslt",
                          fake_lib("cublaslt", "libcublasLt.so.99")},
                         fake_env(""));
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["kind"], "selftest");
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(r.exit_code, 0);  // the fake is slow (warnings) but exact
  EXPECT_EQ(j["rows"].size(), 8u);
  for (const auto& row : j["rows"]) {
    if (row["key"] == "correctness" || row["key"] == "memtest") {
      EXPECT_EQ(row["verdict"], "ok") << row.dump();
    }
  }
  EXPECT_FALSE(r.has("S951"));
  EXPECT_FALSE(r.has("S957"));
  EXPECT_GT(j["facts"]["live"]["selftest"]["devices"][0]["gemm_tflops"].get<double>(), 0);
}

TEST(LiveIntegration, SelftestFindsAFlippedBit) {
  auto r = run_gpudoctor({"selftest", "--json", "--quick", "--device", "0", "--cublaslt", "none"}, fake_env("memflip"));
  ASSERT_TRUE(r.json().is_object()) << r.out;
  EXPECT_TRUE(r.has("S952"));
  EXPECT_EQ(r.exit_code, 1);
}

// A selftest --json report is also a facts file: the same S findings come back.
TEST(LiveIntegration, SelftestReportFeedsFacts) {
  TempDir dir;
  auto r = run_gpudoctor({"selftest", "--json", "--quick", "--device", "0", "--cublaslt", "none"}, fake_env("wrongfma"));
  ASSERT_TRUE(r.has("S951")) << r.out;
  std::ofstream(dir.path + "/st.json") << r.out;
  auto replay = run_gpudoctor({"--json", "--facts", dir.path + "/st.json"});
  EXPECT_TRUE(replay.has("S951")) << replay.out;
}

TEST(LiveIntegration, SelftestOnTheStubSaysWhy) {
  const std::string stub = "/usr/local/cuda/lib64/stubs/libcuda.so";
  if (!std::filesystem::exists(stub)) GTEST_SKIP() << "no toolkit stub";
  TempDir dir;
  std::filesystem::create_symlink(stub, dir.path + "/libcuda.so.1");
  auto r = run_gpudoctor({"selftest", "--json"}, {{"LD_LIBRARY_PATH", dir.path}});
  ASSERT_TRUE(r.json().is_object()) << r.out;
  EXPECT_TRUE(r.has("R904"));
  EXPECT_TRUE(r.json()["rows"].empty());
  EXPECT_EQ(r.exit_code, 1);
}

// A machine with no GPU (the no_gpu fixture's PCI bus) and no libcuda: the selftest says
// "no NVIDIA GPU" first, with "cannot load libcuda" (R903) under it, as the main report does.
TEST(LiveIntegration, SelftestWithNoGpuFoldsR903UnderH101) {
  if (system_has_libcuda()) GTEST_SKIP() << "a libcuda.so.1 is installed here";
  auto r = run_gpudoctor({"--root", std::string(GD_FIXTURES) + "/roots/no_gpu", "selftest", "--json"}, {});
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  ASSERT_TRUE(r.has("H101")) << r.out;
  ASSERT_TRUE(r.has("R903")) << r.out;
  EXPECT_EQ(j["findings"][0]["code"], "H101");
  for (const auto& x : j["findings"])
    if (x["code"] == "R903") EXPECT_EQ(x["explained_by"], "H101") << x.dump();
  EXPECT_EQ(r.exit_code, 1);
}

// With the fake GPU reached, H101 is no root of anything: it stays out of the selftest.
TEST(LiveIntegration, SelftestLeavesH101OutWhenTheGpuAnswers) {
  auto r = run_gpudoctor({"--root", std::string(GD_FIXTURES) + "/roots/no_gpu", "selftest", "--json", "--quick",
                          "--device", "0", "--cublaslt", "none"},
                         fake_env(""));
  ASSERT_TRUE(r.json().is_object()) << r.out;
  EXPECT_FALSE(r.has("H101")) << r.out;
  EXPECT_FALSE(r.has("R903")) << r.out;
}

TEST(LiveIntegration, SelftestHangTimesOut) {
  auto r = run_gpudoctor({"selftest", "--json", "--timeout", "1"}, fake_env("hang"));
  ASSERT_TRUE(r.json().is_object()) << r.out;
  EXPECT_TRUE(r.has("R901"));
  EXPECT_LT(r.elapsed_s, 30);
}

TEST(LiveIntegration, TheChildIsHiddenFromHelp) {
  gpudoctor::live::ChildSpec spec;
  spec.argv = {GD_BINARY, "--help"};
  spec.stderr_tail_bytes = 1 << 16;
  auto r = gpudoctor::live::run_child(spec, {});
  EXPECT_NE(r.stderr_tail.find("selftest"), std::string::npos);
  EXPECT_EQ(r.stderr_tail.find("__live-child"), std::string::npos);
}
