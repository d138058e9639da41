// The --deep runner with fake "python" executables (shell scripts that print a canned
// result line and a canned TensorFlow log, hang, crash or say nothing), and the real
// check scripts under this machine's python3, where no framework is installed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "deep/deep_check.hpp"
#include "deep/deep_fixture.hpp"
#include "probe/probe_context.hpp"

using namespace gpudoctor;
namespace fs = std::filesystem;

namespace {

class FakeEnv {
 public:
  FakeEnv() {
    dir_ = fs::temp_directory_path() / ("gd-deep-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "bin");
  }
  ~FakeEnv() { fs::remove_all(dir_); }
  std::string prefix() const { return dir_.string(); }
  // bin/python3 running `body` with /bin/sh.
  std::string python(const std::string& body) {
    std::string p = (dir_ / "bin" / "python3").string();
    std::ofstream(p) << "#!/bin/sh\n" << body;
    ::chmod(p.c_str(), 0755);
    return p;
  }
  std::string write(const std::string& name, const std::string& text) {
    std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  facts::FrameworkInstall install(std::string framework = "tensorflow") const {
    auto inst = gdtest::healthy_tf_install();
    inst.framework = std::move(framework);
    inst.env_prefix = prefix();
    return inst;
  }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

deep::DeepOptions options(double timeout_s = 20) {
  deep::DeepOptions o;
  o.timeout_s = timeout_s;
  o.env = probe::current_environment();
  return o;
}

const char* kOkLine =
    R"({"gpudoctor_deep": 1, "framework": "tensorflow", "stage": "done", "import_s": 7.9, "version": "2.15.1", )"
    R"("notes": ["built with CUDA: True"], "gpu_count": 0, "devices": [], )"
    R"("matmul_device": "/job:localhost/replica:0/task:0/device:CPU:0"})";

}  // namespace

TEST(DeepRunner, CannedResultAndTensorflowLogAreRead) {
  FakeEnv e;
  std::string log = e.write("tf.log", gdtest::tf215_log());
  std::string result = e.write("result.json", std::string("some chatter on stdout\n") + kOkLine + "\n");
  // The arguments and environment the runner gives: -c <script>, TF_CPP_MIN_LOG_LEVEL=0.
  std::string py = e.python("[ \"$1\" = -c ] || exit 9\n"
                            "case \"$2\" in *gpudoctor_deep*) ;; *) exit 8;; esac\n"
                            "[ \"$TF_CPP_MIN_LOG_LEVEL\" = 0 ] || exit 7\n"
                            "cat '" + log + "' >&2\ncat '" + result + "'\n");
  auto opt = options();
  opt.env["TF_CPP_MIN_LOG_LEVEL"] = "3";  // the user's setting would hide the reason
  auto c = deep::run_check(e.install(), py, opt);
  EXPECT_EQ(c.status, "ok") << c.error << " exit " << c.exit_code;
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_EQ(c.gpu_count, 0);
  EXPECT_DOUBLE_EQ(c.import_s, 7.9);
  EXPECT_EQ(c.imported_version, "2.15.1");
  EXPECT_EQ(c.matmul_device, "/job:localhost/replica:0/task:0/device:CPU:0");
  EXPECT_EQ(c.notes, std::vector<std::string>{"built with CUDA: True"});
  EXPECT_EQ(c.log, gdtest::tf215_log());
  EXPECT_EQ(c.python, py);
  EXPECT_EQ(c.env_prefix, e.prefix());
}

TEST(DeepRunner, ACheckPastItsTimeoutIsKilled) {
  FakeEnv e;
  std::string py = e.python("echo 'loading...' >&2\nexec sleep 30\n");
  auto t0 = std::chrono::steady_clock::now();
  auto c = deep::run_check(e.install(), py, options(0.5));
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(c.status, "timeout");
  EXPECT_LT(took, 5.0);
  EXPECT_EQ(c.log, "loading...\n");
  EXPECT_DOUBLE_EQ(c.timeout_s, 0.5);
}

TEST(DeepRunner, ACrashIsReportedWithItsSignal) {
  FakeEnv e;
  std::string py = e.python("echo 'Fatal Python error: Segmentation fault' >&2\nkill -SEGV $$\n");
  auto c = deep::run_check(e.install(), py, options());
  EXPECT_EQ(c.status, "crashed");
  EXPECT_EQ(c.signal, 11);
  EXPECT_NE(c.error.find("signal"), std::string::npos) << c.error;
  EXPECT_NE(c.log.find("Segmentation fault"), std::string::npos);
}

TEST(DeepRunner, AnExitWithoutAResultIsACrash) {
  FakeEnv e;
  auto c = deep::run_check(e.install(), e.python("echo 'Illegal instruction' >&2\nexit 132\n"), options());
  EXPECT_EQ(c.status, "crashed");
  EXPECT_EQ(c.exit_code, 132);
  EXPECT_EQ(c.error, "exited with status 132 without a result");
}

TEST(DeepRunner, ImportFailureFromTheResultLine) {
  FakeEnv e;
  std::string result = e.write(
      "r.json", R"({"gpudoctor_deep": 1, "stage": "import", "error": "ImportError: libcudart.so.12: cannot open"})"
                "\n");
  auto c = deep::run_check(e.install(), e.python("cat '" + result + "'\n"), options());
  EXPECT_EQ(c.status, "import_failed");
  EXPECT_EQ(c.error, "ImportError: libcudart.so.12: cannot open");
  EXPECT_EQ(c.gpu_count, -1);
}

TEST(DeepRunner, NoInterpreterMeansNotRun) {
  FakeEnv e;
  auto c = deep::run_check(e.install(), "", options());
  EXPECT_EQ(c.status, "not_run");
  auto d = deep::run_check(e.install(), e.prefix() + "/bin/no-such-python", options());
  EXPECT_EQ(d.status, "not_run") << d.error;
  auto x = deep::run_check(e.install("mxnet"), "/bin/true", options());
  EXPECT_EQ(x.status, "not_run");
}

TEST(DeepRunner, ReadOutcomeIgnoresBadLinesAndKeepsTheLastResult) {
  facts::DeepCheck c;
  util::RunResult r;
  r.exit_code = 0;
  r.out = "{not json\n{\"other\": 1}\n" + std::string(kOkLine) + "\r\n[1, 2]\n";
  deep::read_outcome(c, r);
  EXPECT_EQ(c.status, "ok");
  EXPECT_EQ(c.gpu_count, 0);
  // Wrong types read as unknown, never as a crash of gpudoctor.
  facts::DeepCheck d;
  r.out = R"({"gpudoctor_deep": 1, "stage": "devices", "gpu_count": "two", "devices": [1, "x"], "import_s": null})";
  deep::read_outcome(d, r);
  EXPECT_EQ(d.status, "check_failed");
  EXPECT_EQ(d.gpu_count, -1);
  EXPECT_EQ(d.devices, std::vector<std::string>{"x"});
  EXPECT_EQ(d.error, "stopped at devices");
}

TEST(DeepRunner, AHugeLogKeepsItsStartAndEnd) {
  facts::DeepCheck c;
  util::RunResult r;
  r.exit_code = 0;
  r.out = kOkLine;
  r.err = "FIRST\n" + std::string(200000, 'x') + "\nLAST\n";
  deep::read_outcome(c, r);
  EXPECT_TRUE(c.log_truncated);
  EXPECT_LT(c.log.size(), 70000u);
  EXPECT_EQ(c.log.substr(0, 6), "FIRST\n");
  EXPECT_EQ(c.log.substr(c.log.size() - 5), "LAST\n");
}

TEST(DeepRunner, PythonOfTheEnvironment) {
  FakeEnv e;
  facts::FrameworkFacts fw;
  auto inst = e.install();
  EXPECT_EQ(deep::python_for(fw, inst, {{"PATH", "/nonexistent"}}), "");
  std::string py = e.python("exit 0\n");
  EXPECT_EQ(deep::python_for(fw, inst, {{"PATH", "/nonexistent"}}), py);
}

TEST(DeepRunner, RunsOnlyTheChosenFrameworkAndRecordsEachInstall) {
  FakeEnv e;
  std::string result = e.write("r.json", std::string(kOkLine) + "\n");
  e.python("cat '" + result + "'\n");
  facts::FrameworkFacts fw;
  fw.installs = {e.install("tensorflow"), e.install("jax")};
  auto opt = options();
  opt.framework = "jax";
  deep::run_deep_checks(fw, opt);
  ASSERT_EQ(fw.deep.size(), 1u);
  EXPECT_EQ(fw.deep[0].framework, "jax");
  EXPECT_EQ(fw.deep[0].status, "ok");
  EXPECT_GT(fw.deep[0].elapsed_s, 0);
}

// The real scripts under this machine's python3 (no framework installed there): each is
// valid Python and reports the failed import in its result line.
TEST(DeepRunner, RealScriptsReportAMissingFramework) {
  if (::access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  for (const char* fw : {"tensorflow", "torch", "jax"}) {
    ASSERT_FALSE(deep::check_script(fw).empty()) << fw;
    FakeEnv e;
    auto c = deep::run_check(e.install(fw), "/usr/bin/python3", options());
    if (c.status == "ok") continue;  // the framework is installed system-wide after all
    EXPECT_EQ(c.status, "import_failed") << fw << ": " << c.error << "\n" << c.log;
    EXPECT_NE(c.error.find("ModuleNotFoundError"), std::string::npos) << c.error;
    EXPECT_EQ(c.exit_code, 0);
  }
}
