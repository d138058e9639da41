#include "util/subprocess.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <string>

namespace gpudoctor::util {
namespace {

using Clock = std::chrono::steady_clock;

long long elapsed_ms(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

TEST(Subprocess, CapturesStdoutStderrAndExitCode) {
  auto r = run_command({"sh", "-c", "echo out; echo err >&2; exit 3"}, 5000);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.term_signal, 0);
  EXPECT_EQ(r.error, "");
}

TEST(Subprocess, ArgumentsAreNotReinterpretedByAShell) {
  auto r = run_command({"printf", "%s|", "a b", "$HOME", "*"}, 5000);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "a b|$HOME|*|");
}

TEST(Subprocess, MissingProgramIs127WithAReason) {
  auto r = run_command({"gpudoctor-no-such-program-xyz"}, 1000);
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_EQ(r.error, "program not found: gpudoctor-no-such-program-xyz");
  auto abs = run_command({"/nonexistent/dir/prog"}, 1000);
  EXPECT_EQ(abs.exit_code, 127);
}

TEST(Subprocess, NonExecutableFileIs126) {
  char path[] = "/tmp/gd_subprocess_noexec_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  auto r = run_command({path}, 1000);
  ::unlink(path);
  EXPECT_EQ(r.exit_code, 126);
  EXPECT_NE(r.error.find("cannot execute"), std::string::npos);
}

TEST(Subprocess, TimeoutKillsTheChildQuickly) {
  auto start = Clock::now();
  auto r = run_command({"sleep", "30"}, 200);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGTERM);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_EQ(r.error, "timed out after 200 ms");
  EXPECT_LT(elapsed_ms(start), 3000);
}

TEST(Subprocess, TimeoutEscalatesToSigkillWhenSigtermIsIgnored) {
  auto start = Clock::now();
  auto r = run_command({"sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"}, 300);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGKILL);
  EXPECT_EQ(r.out, "ready\n");
  EXPECT_LT(elapsed_ms(start), 4000);
}

TEST(Subprocess, TimeoutKillsGrandchildrenHoldingThePipes) {
  // The shell exits at once but its background sleep keeps stdout open; the
  // process group is killed at the deadline instead of waiting 30 s.
  auto start = Clock::now();
  auto r = run_command({"sh", "-c", "sleep 30 & echo started"}, 300);
  EXPECT_LT(elapsed_ms(start), 4000);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.out, "started\n");
  EXPECT_NE(r.error.find("background process"), std::string::npos);
}

TEST(Subprocess, BigOutputIsBoundedAndTheChildIsNotBlocked) {
  // 8 MiB through a 64 KiB pipe: the reader must keep draining past the limit.
  auto r = run_command({"sh", "-c", "head -c 8388608 /dev/zero; echo done >&2"}, 20000, 1024);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(r.output_truncated);
  EXPECT_EQ(r.out.size(), 1024u);
  EXPECT_EQ(r.err, "done\n");
}

TEST(Subprocess, OutputExactlyAtTheLimitIsNotTruncated) {
  auto r = run_command({"printf", "12345"}, 5000, 5);
  EXPECT_EQ(r.out, "12345");
  EXPECT_FALSE(r.output_truncated);
}

TEST(Subprocess, ChildKilledBySignalReportsIt) {
  auto r = run_command({"sh", "-c", "kill -SEGV $$"}, 5000);
  EXPECT_EQ(r.term_signal, SIGSEGV);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.error.find("killed by signal"), std::string::npos);
}

TEST(Subprocess, ExplicitEnvironmentReplacesOursAndDrivesPathLookup) {
  std::map<std::string, std::string> env{{"PATH", "/usr/bin:/bin"}, {"GD_ONLY", "yes"}};
  auto r = run_command({"sh", "-c", "echo ${GD_ONLY}-${HOME:-unset}"}, 5000, 1u << 20, &env);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "yes-unset\n");
  std::map<std::string, std::string> no_path{{"GD_ONLY", "yes"}};
  auto missing = run_command({"sh", "-c", "true"}, 1000, 1u << 20, &no_path);
  EXPECT_EQ(missing.exit_code, 127);
}

TEST(Subprocess, StdinIsDevNull) {
  auto r = run_command({"cat"}, 5000);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(r.timed_out);
}

TEST(Subprocess, ChildRunsInItsOwnProcessGroup) {
  auto r = run_command({"sh", "-c", "ps -o pgid= -p $$ | tr -d ' '; echo $$"}, 5000);
  if (r.exit_code != 0) GTEST_SKIP() << "ps not available: " << r.err;
  auto nl = r.out.find('\n');
  ASSERT_NE(nl, std::string::npos);
  EXPECT_EQ(r.out.substr(0, nl), r.out.substr(nl + 1, r.out.size() - nl - 2));
}

TEST(Subprocess, EmptyArgvAndTinyTimeoutsAreSafe) {
  EXPECT_EQ(run_command({}, 100).error, "empty command");
  auto r = run_command({"sleep", "5"}, 0);
  EXPECT_TRUE(r.timed_out);
}

TEST(Subprocess, FindInPath) {
  EXPECT_EQ(find_in_path("sh", "/nonexistent:/bin:/usr/bin").substr(0, 1), "/");
  EXPECT_EQ(find_in_path("gpudoctor-no-such-program-xyz", "/bin:/usr/bin"), "");
  EXPECT_EQ(find_in_path("", "/bin"), "");
}

}  // namespace
}  // namespace gpudoctor::util
