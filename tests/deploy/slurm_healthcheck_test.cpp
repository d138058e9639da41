// deploy/slurm/gpudoctor-healthcheck.sh with a fake gpudoctor and a fake scontrol: it
// drains on exit 1 with the root codes as the reason, resumes only its own drains, and
// never touches the node when the check itself failed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../cli/cli_test_util.hpp"

namespace {

namespace fs = std::filesystem;

class Healthcheck : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gd_slurm_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "bin");
    fs::create_directories(dir_ / "textfile");
    // scontrol: `show node` prints the node line from a file; `update` is logged.
    script("scontrol",
           "if [ \"$1\" = show ]; then cat \"" + (dir_ / "node").string() + "\" 2>/dev/null; exit 0; fi\n"
           "echo \"$*\" >> \"" + (dir_ / "scontrol.log").string() + "\"\n");
    script("logger", "exit 0\n");
    node("NodeName=gpu01 State=IDLE");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void script(const std::string& name, const std::string& body) {
    auto p = dir_ / "bin" / name;
    std::ofstream(p) << "#!/bin/sh\n" << body;
    ::chmod(p.c_str(), 0755);
  }
  void node(const std::string& line) { std::ofstream(dir_ / "node") << line << "\n"; }
  void fake_gpudoctor(int rc, const std::string& metrics) {
    std::ofstream(dir_ / "metrics") << metrics;
    script("gpudoctor", "cat \"" + (dir_ / "metrics").string() + "\"\nexit " + std::to_string(rc) + "\n");
  }
  std::string run(const std::string& extra_env = "") {
    std::string cmd = "env " + extra_env + " PATH=" + (dir_ / "bin").string() + ":/usr/bin:/bin SLURMD_NODENAME=gpu01 GPUDOCTOR_TEXTFILE_DIR=" +
                      (dir_ / "textfile").string() + " bash " + GD_SOURCE_DIR + "/deploy/slurm/gpudoctor-healthcheck.sh";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream in(dir_ / "scontrol.log");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  fs::path dir_;
};

// What `gpudoctor --format npd` prints for a node without its kernel module.
const char* kBroken = "K204 driver_not_loaded: NVIDIA GPU present but nvidia.ko is not loaded (+1 more)\n";

TEST_F(Healthcheck, DrainsWithTheRootCodeAndCauseWhenTheGpuIsNotUsable) {
  fake_gpudoctor(1, kBroken);
  auto log = run();
  EXPECT_EQ(log, "update NodeName=gpu01 State=DRAIN Reason=gpudoctor: K204 driver_not_loaded\n") << log;
}

TEST_F(Healthcheck, AsksForTheNpdVerdictAndTheTextfile) {
  script("gpudoctor", "echo \"$*\" > \"" + (dir_ / "args").string() + "\"\necho OK\nexit 0\n");
  run();
  std::ifstream in(dir_ / "args");
  std::string args((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(args.find("--format npd"), std::string::npos) << args;
  EXPECT_NE(args.find("--prom-textfile " + (dir_ / "textfile").string()), std::string::npos) << args;
}

TEST_F(Healthcheck, LeavesAnAdministratorsDrainAlone) {
  fake_gpudoctor(1, kBroken);
  node("NodeName=gpu01 State=DRAIN Reason=maintenance [root@2026-11-27T10:00:00]");
  EXPECT_EQ(run(), "");
  fake_gpudoctor(0, "OK 1 NVIDIA GPU(s) usable\n");
  EXPECT_EQ(run(), "");
}

TEST_F(Healthcheck, ResumesItsOwnDrainOnceUsable) {
  fake_gpudoctor(0, "OK 1 NVIDIA GPU(s) usable\n");
  node("NodeName=gpu01 State=DRAIN Reason=gpudoctor: K204 driver_not_loaded [root@2026-11-27T10:00:00]");
  EXPECT_EQ(run(), "update NodeName=gpu01 State=RESUME\n");
}

TEST_F(Healthcheck, AFailedCheckNeverDrains) {
  fake_gpudoctor(3, "");
  EXPECT_EQ(run(), "");
  fake_gpudoctor(2, "UNKNOWN gpudoctor: --root /host: no such directory\n");
  EXPECT_EQ(run(), "");
  fs::remove(dir_ / "bin" / "gpudoctor");  // the binary is missing
  EXPECT_EQ(run(), "");
}

// The real binary against a fixture root, with the options the script passes.
TEST_F(Healthcheck, RealBinaryDrainsANodeWithoutItsModule) {
  script("gpudoctor", std::string("exec ") + GD_BINARY + " --root " + GD_FIXTURES + "/roots/module_not_loaded \"$@\"\n");
  auto log = run();
  EXPECT_NE(log.find("State=DRAIN Reason=gpudoctor: K204 "), std::string::npos) << log;
  std::ifstream prom(dir_ / "textfile" / "gpudoctor.prom");
  std::string text((std::istreambuf_iterator<char>(prom)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("gpudoctor_gpu_usable 0\n"), std::string::npos) << text;
}

// A --root whose mount is missing in the container is the check's problem, not the node's.
TEST_F(Healthcheck, RealBinaryNeverDrainsForAMissingRootMount) {
  script("gpudoctor", std::string("exec ") + GD_BINARY + " --root " + (dir_ / "no-such-mount").string() + " \"$@\"\n");
  EXPECT_EQ(run(), "");
}

// Regression: with the host's root missing (a DaemonSet's /host not mounted, a typo in
// GPUDOCTOR_ARGS) gpudoctor judged an empty machine, exited 1 and the node was drained.
// Now that is a usage error (exit 2): logged, the node left as it is.
TEST_F(Healthcheck, RealBinaryWithAMissingRootLeavesTheNodeAlone) {
  script("gpudoctor", std::string("exec ") + GD_BINARY + " \"$@\"\n");
  fs::create_directories(dir_ / "empty-root");
  for (std::string root : std::vector<std::string>{"/nonexistent-gd-host", (dir_ / "empty-root").string()}) {
    EXPECT_EQ(run("GPUDOCTOR_ARGS='--no-live --root " + root + "'"), "") << root;
    EXPECT_FALSE(fs::exists(dir_ / "textfile" / "gpudoctor.prom")) << root;
  }
}

}  // namespace
