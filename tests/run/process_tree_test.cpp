// /proc/<pid>/stat parsing, PID namespace detection, and the command's process tree.
#include <gtest/gtest.h>
#include <unistd.h>

#include "run/process_tree.hpp"

using namespace gpudoctor::run;

TEST(ProcStat, ParsesTheFieldsAfterTheName) {
  auto s = parse_proc_stat(
      "1234 (python3) S 1000 1234 1000 34816 1234 4194304 100 0 0 0 250 31 0 0 20 0 4 0 987654 123456 789 "
      "18446744073709551615\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->pid, 1234u);
  EXPECT_EQ(s->ppid, 1000u);
  EXPECT_EQ(s->state, 'S');
  EXPECT_EQ(s->utime, 250u);
  EXPECT_EQ(s->stime, 31u);
  EXPECT_EQ(s->starttime, 987654u);
}

TEST(ProcStat, NameWithSpacesAndParenthesesAndNoTrailingNewline) {
  auto s = parse_proc_stat("77 (a) b (c d) R 5 77 5 0 -1 4194560 1 0 0 0 7 8 0 0 20 0 1 0 4242 1 1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->pid, 77u);
  EXPECT_EQ(s->ppid, 5u);
  EXPECT_EQ(s->state, 'R');
  EXPECT_EQ(s->utime + s->stime, 15u);
  EXPECT_EQ(s->starttime, 4242u);
}

TEST(ProcStat, RejectsTruncatedOrGarbage) {
  EXPECT_FALSE(parse_proc_stat(""));
  EXPECT_FALSE(parse_proc_stat("garbage"));
  EXPECT_FALSE(parse_proc_stat("12 (x) S 1 2 3"));            // cut before starttime
  EXPECT_FALSE(parse_proc_stat("x (y) S 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1"));
  EXPECT_FALSE(parse_proc_stat(std::string("12 (x\0y) S z", 12)));
}

TEST(PidNamespace, NestedWhenNSpidListsSeveralPids) {
  EXPECT_TRUE(nested_pid_namespace("Name:\tpython\nPid:\t12\nNSpid:\t48213\t12\nNSpgid:\t1\n"));
  EXPECT_FALSE(nested_pid_namespace("Name:\tpython\nNSpid:\t48213\n"));
  EXPECT_FALSE(nested_pid_namespace("Name:\told kernel without NSpid\n"));
  EXPECT_FALSE(nested_pid_namespace(""));
}

TEST(TreeMembers, RootDescendantsAndReparentedKnownProcesses) {
  std::vector<ProcStat> all = {
      {1, 0, 'S', 0, 0, 1}, {10, 1, 'S', 0, 0, 100},  // 10: the command
      {11, 10, 'S', 0, 0, 101}, {12, 11, 'S', 0, 0, 102},  // its child and grandchild
      {20, 1, 'S', 0, 0, 50},                              // unrelated
      {30, 1, 'S', 0, 0, 110},                             // a worker re-parented to init
      {31, 1, 'S', 0, 0, 999},                             // pid 31 reused by another process
  };
  std::map<unsigned, uint64_t> known = {{30, 110}, {31, 111}};
  auto m = tree_members(all, 10, 100, known);
  EXPECT_EQ(m, (std::set<unsigned>{10, 11, 12, 30}));
  // The root's pid recycled (another start time): not the command any more.
  EXPECT_EQ(tree_members(all, 10, 99, {}), std::set<unsigned>{});
}

TEST(ProcessTree, ThisProcessOnTheRealProc) {
  ProcessTree t(static_cast<unsigned>(::getpid()));
  ASSERT_TRUE(t.refresh());
  EXPECT_TRUE(t.contains(static_cast<unsigned>(::getpid())));
  EXPECT_TRUE(t.visible(1));
  EXPECT_FALSE(t.contains(1));
  t.take_cpu_ticks();
  volatile double x = 0;
  for (int i = 0; i < 2000000; ++i) x = x + i;
  ASSERT_TRUE(t.refresh());
  EXPECT_GE(t.take_cpu_ticks(), 0u);  // no underflow on the second call
}

TEST(ProcessTree, GoneRootAndMissingProcRoot) {
  ProcessTree t(4194303u);  // above any pid this test machine hands out in practice
  EXPECT_FALSE(t.refresh());
  ProcessTree none(1, "/nonexistent-proc");
  EXPECT_FALSE(none.refresh());
  EXPECT_EQ(none.size(), 0u);
}
