// The real binary: `gpudoctor explain` reads a file or stdin, prints text/JSON/Markdown and
// exits 0 (no error in the log), 1 (an error), 2 (unreadable file).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct Result {
  int code = -1;
  std::string out;
};

Result sh(const std::string& cmd) {
  Result r;
  FILE* p = ::popen((cmd + " 2>/dev/null").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

const std::string kBin = GD_BINARY;
const std::string kLogs = std::string(GD_FIXTURES) + "/logs/";

}  // namespace

TEST(ExplainCli, FileWithAnErrorExitsOneAndNamesTheCause) {
  auto r = sh(kBin + " explain --no-probe " + kLogs + "tf-cusolver-needs-nvjitlink.log");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("[X801]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("libnvJitLink.so.12"), std::string::npos);
}

TEST(ExplainCli, JsonFromStdin) {
  auto r = sh("cat " + kLogs + "jax-found-cudnn-8600-vs-8906.log | " + kBin + " --json explain --no-probe -");
  EXPECT_EQ(r.code, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["findings"][0]["cause"], "cudnn_version_mismatch");
  EXPECT_EQ(j["source"], "-");
}

TEST(ExplainCli, StdinIsTheDefaultAndANoiseOnlyLogExitsZero) {
  auto r = sh("cat " + kLogs + "tf210-docker-numa-spam.log | " + kBin + " explain --no-probe --json");
  EXPECT_EQ(r.code, 0);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["findings"].empty());
  EXPECT_EQ(j["benign"][0]["count"], 3);
}

TEST(ExplainCli, MarkdownOutput) {
  auto r = sh(kBin + " --markdown explain --no-probe " + kLogs + "smi-nvml-mismatch-reboot.log");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out.rfind("## gpudoctor explain", 0), 0u);
}

TEST(ExplainCli, UnreadableFileIsAUsageError) {
  EXPECT_EQ(sh(kBin + " explain /nonexistent/train.log").code, 2);
  EXPECT_EQ(sh(kBin + " explain " + kLogs).code, 2);  // a directory
}

TEST(ExplainCli, ProbingThisMachineDoesNotBreakTheReport) {
  auto r = sh(kBin + " --json explain " + kLogs + "tf-cusolver-needs-nvjitlink.log");
  EXPECT_EQ(r.code, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["findings"][0]["code"], "X801");
}

// With probing on (the default) a log line is combined with this machine's libraries. The
// answer depends on the machine, so the test runs only where the outcome is known: a cuDNN 9
// in the CUDA toolkit and no cuDNN 8 in the usual places (the project's CI VM: CUDA 13 in
// /usr/local/cuda with cuDNN 9).
TEST(ExplainCli, CombinesTheLogWithThisMachinesCudnn) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists("/usr/local/cuda/lib64/libcudnn.so.9", ec)) GTEST_SKIP() << "no cuDNN 9 in /usr/local/cuda";
  for (const char* d : {"/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib64"})
    if (fs::exists(fs::path(d) / "libcudnn.so.8", ec)) GTEST_SKIP() << "this machine has a cuDNN 8";
  auto log = fs::temp_directory_path() / ("gd_explain_facts_" + std::to_string(::getpid()) + ".log");
  {
    std::ofstream out(log);
    out << "2021-04-09 19:52:41.024315: W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not "
           "load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such "
           "file or directory\n";
  }
  auto probed = sh(kBin + " explain " + log.string());
  auto plain = sh(kBin + " explain --no-probe " + log.string());
  fs::remove(log, ec);
  EXPECT_EQ(probed.code, 1);
  EXPECT_NE(probed.out.find("the log wants libcudnn.so.8; this machine has cuDNN 9."), std::string::npos)
      << probed.out;
  EXPECT_NE(probed.out.find("only"), std::string::npos);
  EXPECT_EQ(plain.out.find("this machine has"), std::string::npos) << plain.out;
}
