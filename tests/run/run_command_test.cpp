// `gpudoctor run` end to end, with real child programs: exit codes and signals kept,
// stdout and stderr byte for byte, big outputs, missing commands, the log explained in
// --report, no NVML on this machine, and the sampler against the fake libnvidia-ml.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "live/live_test_util.hpp"
#include "run/run_test_util.hpp"

using namespace gpudoctor::run::testkit;
using gpudoctor::live::testkit::fake_dir;
using gpudoctor::live::testkit::TempDir;

namespace {

bool system_has_nvml() {
  void* h = ::dlopen("libnvidia-ml.so.1", RTLD_LAZY | RTLD_LOCAL);
  if (h) ::dlclose(h);
  return h != nullptr;
}

std::vector<std::string> codes(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const auto& f : report["findings"]) out.push_back(f.value("code", ""));
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::map<std::string, std::string> fake_nvml(const std::string& mode) {
  return {{"LD_LIBRARY_PATH", fake_dir("nvml")}, {"GD_FAKE_NVML", mode}};
}

}  // namespace

TEST(RunCommand, KeepsTheExitCode) {
  TempDir d;
  EXPECT_EQ(run_shell("\"$GD\" run -- /bin/true 2>/dev/null").exit_code, 0);
  EXPECT_EQ(run_shell("\"$GD\" run -- /bin/false 2>/dev/null").exit_code, 1);
  EXPECT_EQ(run_shell("\"$GD\" run -- sh -c 'exit 7' 2>/dev/null").exit_code, 7);
}

TEST(RunCommand, DeathBySignalIs128PlusSignoWithoutACoreMessage) {
  TempDir d;
  std::string err = d.path + "/err";
  auto r = run_shell("\"$GD\" run --report " + d.path + "/r.json -- sh -c 'kill -TERM $$' 2>" + err);
  EXPECT_EQ(r.exit_code, 143);
  std::string text = slurp(err);
  EXPECT_EQ(text.find("core"), std::string::npos) << text;
  EXPECT_NE(text.find("killed by signal 15 (SIGTERM)"), std::string::npos) << text;
  auto j = nlohmann::json::parse(slurp(d.path + "/r.json"));
  EXPECT_EQ(j["exit"]["status"], "signaled");
  EXPECT_EQ(j["exit"]["signal"], 15);
  EXPECT_EQ(j["exit"]["exit_code"], 143);
}

TEST(RunCommand, PassesStdoutAndStderrThroughByteForByte) {
  TempDir d;
  std::string out = d.path + "/out", err = d.path + "/err";
  // Binary bytes (NUL, 0xFF, a lone CR), no trailing newline, different on each stream.
  auto r = run_shell("\"$GD\" run -- sh -c \"printf 'a\\\\000b\\\\377\\\\rc'; printf 'E\\\\001\\\\000\\\\376' >&2\" >" +
                     out + " 2>" + err);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(slurp(out), std::string("a\0b\xff\rc", 6));
  std::string e = slurp(err);
  ASSERT_GE(e.size(), 4u);
  EXPECT_EQ(e.substr(0, 4), std::string("E\x01\0\xfe", 4));
  // gpudoctor's summary follows the command's own stderr.
  EXPECT_EQ(e.substr(4, 15), "\ngpudoctor run:");
}

TEST(RunCommand, StdinPassesThrough) {
  TempDir d;
  std::string out = d.path + "/out";
  auto r = run_shell("printf 'line1\\nline2' | \"$GD\" run -- cat >" + out + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(slurp(out), "line1\nline2");
}

TEST(RunCommand, FiftyMegabytesOfStdoutAndFiveOfStderrInBoundedMemory) {
  TempDir d;
  std::string out = d.path + "/out", err = d.path + "/err";
  auto r = run_shell("\"$GD\" run -- sh -c 'head -c 50000000 /dev/zero; head -c 5000000 /dev/zero | tr \"\\\\000\" x >&2' >" +
                         out + " 2>" + err,
                     {}, 60);
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 0);
  std::error_code ec;
  EXPECT_EQ(std::filesystem::file_size(out, ec), 50000000u);
  EXPECT_GE(std::filesystem::file_size(err, ec), 5000000u);
  EXPECT_EQ(slurp(err).substr(0, 5000000), std::string(5000000, 'x'));
  // The copy goes through a 64 KiB buffer and the explainer streams: the peak RSS is that
  // of a run with no output, not the sizes that went through.
  auto small = run_shell("\"$GD\" run -- sh -c 'echo x >&2' >/dev/null 2>/dev/null");
  ASSERT_EQ(small.exit_code, 0);
  EXPECT_LT(r.max_rss_kb, small.max_rss_kb + 16 * 1024) << "peak RSS " << r.max_rss_kb << " KiB, without output "
                                                        << small.max_rss_kb << " KiB";
}

TEST(RunCommand, CommandNotFoundIs127WithOneLine) {
  TempDir d;
  std::string err = d.path + "/err";
  auto r = run_shell("\"$GD\" run --report " + d.path + "/r.json -- gd-no-such-command-xyz --flag 2>" + err);
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_EQ(slurp(err), "gpudoctor: error: gd-no-such-command-xyz: command not found\n");
  auto j = nlohmann::json::parse(slurp(d.path + "/r.json"));
  EXPECT_EQ(j["exit"]["status"], "not_found");
  EXPECT_EQ(j["exit"]["exit_code"], 127);
}

TEST(RunCommand, NotExecutableIs126) {
  TempDir d;
  std::string script = d.path + "/script.sh", err = d.path + "/err";
  std::ofstream(script) << "#!/bin/sh\necho hi\n";
  auto r = run_shell("\"$GD\" run -- " + script + " 2>" + err);
  EXPECT_EQ(r.exit_code, 126);
  std::string e = slurp(err);
  EXPECT_NE(e.find("Permission denied"), std::string::npos) << e;
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;
  EXPECT_EQ(run_shell("\"$GD\" run -- " + d.path + " 2>/dev/null").exit_code, 126);  // a directory
}

TEST(RunCommand, ExplainsAFrameworkLineFromStderrInTheReport) {
  TempDir d;
  std::string report = d.path + "/r.json", err = d.path + "/err";
  auto r = run_shell("\"$GD\" run --report " + report +
                     " -- sh -c \"echo \\\"Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: "
                     "cannot open shared object file: No such file or directory\\\" >&2; exit 3\" 2>" + err);
  EXPECT_EQ(r.exit_code, 3);
  auto j = nlohmann::json::parse(slurp(report));
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["command"][0], "sh");
  EXPECT_EQ(j["exit"]["exit_code"], 3);
  bool cudnn = false;
  for (const auto& f : j["findings"]) {
    EXPECT_TRUE(f.contains("cause")) << f.dump();
    if (f["cause"] == "cudnn_missing") {
      cudnn = true;
      ASSERT_TRUE(f.contains("stderr_lines"));
      EXPECT_EQ(f["stderr_lines"][0]["line"], 1);
    }
  }
  EXPECT_TRUE(cudnn) << j["findings"].dump(1);
  EXPECT_EQ(j["log"]["lines"], 1);
  EXPECT_EQ(j["log"]["stdout_read"], false);
  EXPECT_NE(slurp(err).find("cudnn"), std::string::npos);
}

TEST(RunCommand, WithoutNvmlStillRunsAndSaysWhy) {
  if (system_has_nvml()) GTEST_SKIP() << "this machine has libnvidia-ml.so.1";
  TempDir d;
  std::string report = d.path + "/r.json", err = d.path + "/err";
  auto r = run_shell("\"$GD\" run --report " + report + " -- sh -c 'echo out; echo err >&2' >/dev/null 2>" + err);
  EXPECT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(slurp(report));
  EXPECT_EQ(j["gpu"]["watched"], false);
  EXPECT_EQ(j["gpu"]["sampler"]["outcome"], "no_nvml");
  EXPECT_TRUE(contains(codes(j), "R963"));
  EXPECT_FALSE(contains(codes(j), "R960"));
  std::string e = slurp(err);
  EXPECT_EQ(e.substr(0, 4), "err\n");
  EXPECT_NE(e.find("no GPU could be watched"), std::string::npos) << e;
  EXPECT_NE(e.find("libnvidia-ml.so.1"), std::string::npos) << e;
}

TEST(RunCommand, FakeNvmlAttributesTheCommandsContextByPid) {
  TempDir d;
  std::string report = d.path + "/r.json", err = d.path + "/err";
  auto r = run_shell("\"$GD\" run --interval 20 --report " + report + " -- sleep 0.5 2>" + err, fake_nvml("run"));
  ASSERT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(slurp(report));
  ASSERT_EQ(j["gpu"]["sampler"]["outcome"], "ok") << j["gpu"].dump(1);
  EXPECT_EQ(j["gpu"]["sampler"]["gpu_names"][0], "NVIDIA H100 80GB HBM3");
  EXPECT_GE(j["gpu"]["samples"].get<int>(), 3);
  EXPECT_EQ(j["gpu"]["ever_context"], true);
  EXPECT_EQ(j["gpu"]["attribution"], "pid");
  EXPECT_EQ(j["gpu"]["peak_memory_bytes"], 3ull << 30);  // the command's 3 GiB, not pid 1's 20
  EXPECT_EQ(j["gpu"]["context_gpus"], nlohmann::json::array({0}));
  EXPECT_EQ(j["gpu"]["sm_util_peak"], 97);
  EXPECT_FALSE(contains(codes(j), "R960"));
  EXPECT_FALSE(contains(codes(j), "R963"));
  std::string e = slurp(err);
  EXPECT_NE(e.find("GPU context:     yes"), std::string::npos) << e;
  EXPECT_NE(e.find("peak 3.00 GiB"), std::string::npos) << e;
}

TEST(RunCommand, FakeNvmlWithoutTheCommandFiresR960) {
  TempDir d;
  std::string report = d.path + "/r.json";
  // The default fake lists the sampler's own pid and pid 1: neither is the command.
  auto r = run_shell("\"$GD\" run --interval 20 --report " + report + " -- sleep 0.5 2>/dev/null", fake_nvml(""));
  ASSERT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(slurp(report));
  ASSERT_EQ(j["gpu"]["sampler"]["outcome"], "ok");
  ASSERT_GE(j["gpu"]["samples"].get<int>(), 1);
  EXPECT_EQ(j["gpu"]["ever_context"], false);
  EXPECT_TRUE(contains(codes(j), "R960"));
  EXPECT_FALSE(contains(codes(j), "R962"));
}

TEST(RunCommand, FakeNvmlForeignPidIsAttributedUncertain) {
  TempDir d;
  std::string report = d.path + "/r.json";
  auto r = run_shell("\"$GD\" run --interval 20 --report " + report + " -- sleep 0.5 2>/dev/null",
                     fake_nvml("run-foreign"));
  ASSERT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(slurp(report));
  ASSERT_EQ(j["gpu"]["sampler"]["outcome"], "ok");
  ASSERT_GE(j["gpu"]["samples"].get<int>(), 3) << "the machine was too slow to take three samples in 0.5 s";
  EXPECT_EQ(j["gpu"]["attribution"], "uncertain");
  EXPECT_EQ(j["gpu"]["peak_memory_bytes"], 2ull << 30);
  EXPECT_TRUE(contains(codes(j), "R962"));
  EXPECT_FALSE(contains(codes(j), "R960"));
}

TEST(RunCommand, ForwardsSigtermSentToGpudoctor) {
  TempDir d;
  std::string fifo_out = d.path + "/out";
  // The command says "ready" once its trap is set; then SIGTERM goes to gpudoctor only.
  pid_t pid = start_shell("exec \"$GD\" run -- sh -c 'trap \"exit 42\" TERM; echo ready; while :; do sleep 0.05; done' >" +
                          fifo_out + " 2>/dev/null");
  ASSERT_GT(pid, 0);
  for (int i = 0; i < 400 && slurp(fifo_out).find("ready") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_NE(slurp(fifo_out).find("ready"), std::string::npos);
  ::kill(pid, SIGTERM);
  auto r = wait_shell(pid, 20);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 42);  // the command's trap ran: it got the signal exactly as sent
}

TEST(RunCommand, BadOptionsAreUsageErrorsBeforeAnythingRuns) {
  TempDir d;
  std::string marker = d.path + "/ran";
  EXPECT_EQ(run_shell("\"$GD\" run --report /nonexistent-dir/r.json -- touch " + marker + " 2>/dev/null").exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_EQ(run_shell("\"$GD\" run --interval 0 -- true 2>/dev/null").exit_code, 2);
  EXPECT_EQ(run_shell("\"$GD\" run 2>/dev/null").exit_code, 2);
}
