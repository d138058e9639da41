// Every output is checked: a report that could not be written in full is a failure of the
// tool (exit 3, one line on stderr), never a complete report with exit 0. Internal errors
// exit 3 too: the Slurm check leaves a node alone on 2 and 3 and drains it on 1.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <new>

#include "cli/cli_test_util.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"

namespace fs = std::filesystem;
using gdtest::run_shell;

namespace {

std::string healthy() { return std::string(GD_FIXTURES) + "/facts/healthy_h100.json"; }

// Runs gpudoctor ARGS with stdout sent to `out` and stderr captured.
gdtest::CmdResult to(const std::string& args, const std::string& out) {
  return run_shell("'" + std::string(GD_BINARY) + "' " + args + " 2>&1 >" + out);
}

size_t lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

// Regression: `--json > /dev/full` printed nothing, said nothing and exited 0.
TEST(OutputErrors, ReportToAFullDeviceExitsThree) {
  if (!fs::exists("/dev/full")) GTEST_FAIL() << "this test needs /dev/full";
  for (std::string args : std::vector<std::string>{"--json --facts " + healthy(), "--facts " + healthy(), "--markdown --facts " + healthy(),
                           "--format prometheus --facts " + healthy(), "list-codes", "list-codes --json",
                           "explain-code L302", "explain --no-probe " + healthy(), "collect --no-live",
                           "--json --no-live"}) {
    auto r = to(args, "/dev/full");
    EXPECT_EQ(r.exit_code, 3) << args << "\n" << r.out;
    EXPECT_EQ(lines(r.out), 1u) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("gpudoctor: error: cannot write"), std::string::npos) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("no space left on device"), std::string::npos) << args << "\n" << r.out;
  }
  // The same commands to a real file succeed: the failure is the device's.
  EXPECT_EQ(to("--json --facts " + healthy(), "/dev/null").exit_code, 0);
}

// Regression: `collect -o FILE` on a full disk was a usage error (2), like a bad path.
TEST(OutputErrors, CollectToAFullFileExitsThreeAndABadPathTwo) {
  auto r = run_shell("'" + std::string(GD_BINARY) + "' collect --no-live -o /dev/full 2>&1");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_EQ(r.out, "gpudoctor: error: cannot write /dev/full: no space left on device\n");
  r = run_shell("'" + std::string(GD_BINARY) + "' collect --no-live -o /nonexistent-gd/dir/facts.json 2>&1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "gpudoctor: error: cannot write /nonexistent-gd/dir/facts.json: no such file or directory\n");
}

// With SIGPIPE ignored (as some supervisors leave it), a closed pipe is a write error like
// any other; with the default, SIGPIPE ends gpudoctor as it ends any filter in
// `gpudoctor | head`. The pipe's read end is closed before gpudoctor starts: no race.
TEST(OutputErrors, ClosedPipeWithSigpipeIgnoredExitsThree) {
  int out[2], err[2];
  ASSERT_EQ(::pipe(out), 0);
  ASSERT_EQ(::pipe(err), 0);
  ::close(out[0]);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGPIPE, SIG_IGN);  // kept across exec
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close(err[0]);
    ::execl(GD_BINARY, GD_BINARY, "list-codes", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(err[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  ::close(err[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 3) << text;
  EXPECT_EQ(text, "gpudoctor: error: cannot write the report to standard output: broken pipe\n");
}

// The mapping from exception to exit code that main() uses for everything it catches.
TEST(OutputErrors, ExceptionsMapToTheDocumentedExitCodes) {
  using namespace gpudoctor::cli;
  auto code_and_line = [](auto thrower) {
    std::FILE* err = std::tmpfile();
    int code = -1;
    try {
      thrower();
    } catch (...) {
      code = report_exception(std::current_exception(), err);
    }
    std::rewind(err);
    char buf[512] = {};
    size_t n = std::fread(buf, 1, sizeof buf - 1, err);
    std::fclose(err);
    return std::pair<int, std::string>(code, std::string(buf, n));
  };
  auto u = code_and_line([] { throw UsageError("bad --x"); });
  EXPECT_EQ(u.first, kExitUsage);
  EXPECT_EQ(u.second, "gpudoctor: error: bad --x\n");
  auto o = code_and_line([] { throw OutputError("cannot write x: no space left on device"); });
  EXPECT_EQ(o.first, kExitInternal);
  EXPECT_EQ(o.second, "gpudoctor: error: cannot write x: no space left on device\n");
  auto i = code_and_line([] { throw std::runtime_error("no documentation page for K999"); });
  EXPECT_EQ(i.first, kExitInternal);
  EXPECT_EQ(i.second, "gpudoctor: internal error: no documentation page for K999\n");
  auto a = code_and_line([] { throw std::bad_alloc(); });
  EXPECT_EQ(a.first, kExitInternal);
  auto n = code_and_line([] { throw 42; });
  EXPECT_EQ(n.first, kExitInternal);
  // One line whatever the message holds.
  auto m = code_and_line([] { throw std::runtime_error("two\nlines"); });
  EXPECT_EQ(m.second, "gpudoctor: internal error: two lines\n");
  EXPECT_EQ(kExitUsable, 0);
  EXPECT_EQ(kExitNotUsable, 1);
  EXPECT_EQ(kExitUsage, 2);
  EXPECT_EQ(kExitInternal, 3);
}
