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

const char* kBroken =
    "gpudoctor_gpu_usable 0\n"
    "gpudoctor_finding{code=\"K204\",slug=\"module_not_loaded\",severity=\"error\",cause=\"driver_not_loaded\",root=\"true\"} 1\n"
    "gpudoctor_finding{code=\"L301\",slug=\"libcuda_missing\",severity=\"error\",cause=\"libcuda_missing\",root=\"false\"} 1\n";

TEST_F(Healthcheck, DrainsWithTheRootCodeWhenTheGpuIsNotUsable) {
  fake_gpudoctor(1, kBroken);
  auto log = run();
  EXPECT_NE(log.find("update NodeName=gpu01 State=DRAIN Reason=gpudoctor: K204 module_not_loaded (run gpudoctor on gpu01)"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("L301"), std::string::npos) << "a consequence is not a reason: " << log;
  EXPECT_TRUE(fs::exists(dir_ / "textfile" / "gpudoctor.prom"));
}

TEST_F(Healthcheck, LeavesAnAdministratorsDrainAlone) {
  fake_gpudoctor(1, kBroken);
  node("NodeName=gpu01 State=DRAIN Reason=maintenance [root@2026-11-27T10:00:00]");
  EXPECT_EQ(run(), "");
  fake_gpudoctor(0, "gpudoctor_gpu_usable 1\n");
  EXPECT_EQ(run(), "");
}

TEST_F(Healthcheck, ResumesItsOwnDrainOnceUsable) {
  fake_gpudoctor(0, "gpudoctor_gpu_usable 1\n");
  node("NodeName=gpu01 State=DRAIN Reason=gpudoctor: K204 module_not_loaded (run gpudoctor on gpu01)");
  EXPECT_EQ(run(), "update NodeName=gpu01 State=RESUME\n");
}

TEST_F(Healthcheck, AFailedCheckNeverDrains) {
  fake_gpudoctor(3, "");
  EXPECT_EQ(run(), "");
  fake_gpudoctor(2, "");
  EXPECT_EQ(run(), "");
  EXPECT_FALSE(fs::exists(dir_ / "textfile" / "gpudoctor.prom"));
}

// The real binary against a fixture root, with the options the script passes.
TEST_F(Healthcheck, RealBinaryDrainsANodeWithoutItsModule) {
  script("gpudoctor", std::string("exec ") + GD_BINARY + " --root " + GD_FIXTURES + "/roots/module_not_loaded \"$@\"\n");
  auto log = run();
  EXPECT_NE(log.find("State=DRAIN Reason=gpudoctor: K204 module_not_loaded"), std::string::npos) << log;
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
