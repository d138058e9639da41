// run_child: the protocol channel, timeouts that kill the whole process group, crashes.
#include "live/child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <vector>

using namespace gpudoctor::live;

namespace {

ChildResult sh(const std::string& script, double timeout_s, std::vector<std::string>* lines = nullptr,
               double idle_s = 0) {
  ChildSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.timeout_s = timeout_s;
  spec.idle_timeout_s = idle_s;
  return run_child(spec, [&](std::string_view l) {
    if (lines) lines->emplace_back(l);
  });
}

}  // namespace

TEST(LiveChildProcess, ProtocolLinesArriveOnFd3AndOutputIsKept) {
  std::vector<std::string> lines;
  auto r = sh("echo '{\"stage\":\"a\"}' >&3; echo out; echo err >&2; printf 'last' >&3", 10, &lines);
  EXPECT_EQ(r.status, ChildResult::Status::exited);
  EXPECT_EQ(r.exit_code, 0);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "{\"stage\":\"a\"}");
  EXPECT_EQ(lines[1], "last");  // a last line without newline still counts
  EXPECT_NE(r.stderr_tail.find("out"), std::string::npos);
  EXPECT_NE(r.stderr_tail.find("err"), std::string::npos);
}

TEST(LiveChildProcess, ExitStatusIsReported) {
  auto r = sh("exit 7", 10);
  EXPECT_EQ(r.status, ChildResult::Status::exited);
  EXPECT_EQ(r.exit_code, 7);
}

TEST(LiveChildProcess, ASegfaultIsASignal) {
  auto r = sh("kill -SEGV $$", 10);
  EXPECT_EQ(r.status, ChildResult::Status::signaled);
  EXPECT_EQ(r.signal, SIGSEGV);
}

TEST(LiveChildProcess, AHangIsKilledAtTheDeadline) {
  auto r = sh("sleep 30", 0.3);
  EXPECT_EQ(r.status, ChildResult::Status::timeout);
  EXPECT_FALSE(r.unkillable);
  EXPECT_LT(r.elapsed_s, 5.0);
}

// Grandchildren hold the pipes open; killing only the child would leave us waiting.
TEST(LiveChildProcess, TheTimeoutKillsTheWholeProcessGroup) {
  auto r = sh("sleep 30 & sleep 30 & wait", 0.3);
  EXPECT_EQ(r.status, ChildResult::Status::timeout);
  EXPECT_LT(r.elapsed_s, 5.0);
}

TEST(LiveChildProcess, AChildThatExitsButLeavesABackgroundProcessDoesNotBlock) {
  auto r = sh("sleep 30 & echo done >&3", 10);
  EXPECT_EQ(r.status, ChildResult::Status::exited);
  EXPECT_LT(r.elapsed_s, 5.0);
}

TEST(LiveChildProcess, IdleTimeoutCountsSilence) {
  std::vector<std::string> lines;
  // Talks for a while, then goes silent: the idle limit fires long before the total one.
  auto r = sh("for i in 1 2 3; do echo tick >&3; sleep 0.1; done; sleep 30", 20, &lines, 0.5);
  EXPECT_EQ(r.status, ChildResult::Status::timeout);
  EXPECT_TRUE(r.idle);
  EXPECT_EQ(lines.size(), 3u);
  EXPECT_LT(r.elapsed_s, 5.0);
}

TEST(LiveChildProcess, AMissingExecutableIsASpawnFailure) {
  ChildSpec spec;
  spec.argv = {"/nonexistent/gpudoctor"};
  auto r = run_child(spec, {});
  EXPECT_EQ(r.status, ChildResult::Status::spawn_failed);
  EXPECT_NE(r.error.find("/nonexistent/gpudoctor"), std::string::npos);
}

TEST(LiveChildProcess, EnvironmentCanBeSetAndUnset) {
  std::vector<std::string> lines;
  ChildSpec spec;
  spec.argv = {"/bin/sh", "-c", "echo \"$GD_A-${HOME:-nohome}\" >&3"};
  spec.env_set = {{"GD_A", "x"}};
  spec.env_unset = {"HOME"};
  run_child(spec, [&](std::string_view l) { lines.emplace_back(l); });
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "x-nohome");
}

TEST(LiveChildProcess, StderrKeepsOnlyTheTail) {
  ChildSpec spec;
  spec.argv = {"/bin/sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done; echo END"};
  spec.stderr_tail_bytes = 100;
  auto r = run_child(spec, {});
  EXPECT_LE(r.stderr_tail.size(), 100u);
  EXPECT_NE(r.stderr_tail.find("END"), std::string::npos);
}

TEST(LiveChildProcess, SelfExeIsThisTestBinary) {
  EXPECT_NE(self_exe().find("gpudoctor_tests"), std::string::npos);
}
