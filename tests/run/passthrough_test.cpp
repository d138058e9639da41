// run_passthrough in-process: exit statuses as a shell reports them, stderr copied byte
// for byte (and handed to the explainer), spawn failures.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "live/live_test_util.hpp"
#include "run/passthrough.hpp"
#include "run/run_test_util.hpp"

using namespace gpudoctor::run;
using gpudoctor::live::testkit::TempDir;

namespace {

struct Result {
  ExitInfo exit;
  std::string copied;  // what reached "our stderr"
  std::string seen;    // what the explainer was fed
};

Result run(const std::vector<std::string>& argv) {
  TempDir d;
  std::string path = d.path + "/stderr";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  Result r;
  PassthroughIo io;
  io.stderr_out = fd;
  io.forward_signals = false;
  io.on_stderr = [&](const char* p, size_t n) { r.seen.append(p, n); };
  r.exit = run_passthrough(argv, io);
  ::close(fd);
  r.copied = testkit::slurp(path);
  return r;
}

}  // namespace

TEST(Passthrough, ForwardsSignalsFromProcessesNotFromTheTerminal) {
  EXPECT_TRUE(forwards_signal(SI_USER));    // kill PID
  EXPECT_TRUE(forwards_signal(SI_QUEUE));   // sigqueue
  EXPECT_TRUE(forwards_signal(SI_TKILL));   // tgkill
  EXPECT_FALSE(forwards_signal(SI_KERNEL)); // Ctrl-C, Ctrl-\, hangup: the whole foreground group got it
}

TEST(Passthrough, ExitCodes) {
  EXPECT_EQ(run({"/bin/true"}).exit.exit_code, 0);
  auto r = run({"sh", "-c", "exit 5"});
  EXPECT_EQ(r.exit.status, "exited");
  EXPECT_EQ(r.exit.exit_code, 5);
}

TEST(Passthrough, DeathBySignal) {
  auto r = run({"sh", "-c", "kill -TERM $$"});
  EXPECT_EQ(r.exit.status, "signaled");
  EXPECT_EQ(r.exit.signal, SIGTERM);
  EXPECT_EQ(r.exit.exit_code, 143);
  EXPECT_EQ(run({"sh", "-c", "kill -KILL $$"}).exit.exit_code, 137);
}

TEST(Passthrough, StderrIsCopiedAndFedByteForByte) {
  auto r = run({"sh", "-c", "printf 'x\\000y\\377\\r\\nno newline' >&2"});
  std::string want("x\0y\xff\r\nno newline", 16);
  EXPECT_EQ(r.copied, want);
  EXPECT_EQ(r.seen, want);
}

TEST(Passthrough, SpawnFailuresAsAShellReportsThem) {
  auto nf = run({"gd-no-such-command-xyz"});
  EXPECT_EQ(nf.exit.status, "not_found");
  EXPECT_EQ(nf.exit.exit_code, 127);
  EXPECT_EQ(nf.exit.error, "gd-no-such-command-xyz: command not found");
  auto np = run({"/nonexistent/dir/tool"});
  EXPECT_EQ(np.exit.exit_code, 127);
  EXPECT_NE(np.exit.error.find("No such file or directory"), std::string::npos);
  auto dir = run({"/tmp"});
  EXPECT_EQ(dir.exit.status, "not_executable");
  EXPECT_EQ(dir.exit.exit_code, 126);
  EXPECT_EQ(run({}).exit.exit_code, 127);
}

TEST(Passthrough, ABackgroundProcessHoldingStderrDoesNotKeepUsWaiting) {
  // The background sleep keeps the stderr pipe open after the command exits.
  auto r = run({"sh", "-c", "sleep 5 & echo $! >&2"});
  EXPECT_EQ(r.exit.exit_code, 0);
  int pid = std::atoi(r.seen.c_str());
  ASSERT_GT(pid, 0) << r.seen;
  EXPECT_EQ(::kill(pid, 0), 0) << "returned only after the background process ended";
  ::kill(pid, SIGKILL);
}
