// The real binary: `gpudoctor explain` reads a file or stdin, prints text/JSON/Markdown and
// exits 0 (no error in the log), 1 (an error), 2 (unreadable file).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
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
