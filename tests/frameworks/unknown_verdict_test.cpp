// A framework install whose build could not be read is "unknown", never "✓ can use the
// GPU", and what could not be read is shown in text, JSON and Markdown (issue 10: a
// TensorFlow whose build_info.py gave "permission denied" was shown as usable).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/cli_test_util.hpp"
#include "cli/diagnose.hpp"
#include "deep/deep_fixture.hpp"
#include "render/problems_section.hpp"

using namespace gpudoctor;
namespace fs = std::filesystem;
using Status = rules::FrameworkVerdict::Status;

namespace {

const std::string kBuildInfo = "/root/venvs/a/lib/python3.11/site-packages/tensorflow/python/platform/build_info.py";

// What the TensorFlow probe records when build_info.py cannot be read.
facts::FrameworkInstall unreadable_tf() {
  auto t = gdtest::healthy_tf_install();
  t.build = "unknown";
  t.build_source.clear();
  t.cuda_version.clear();
  t.cudnn_version.clear();
  t.compute_capabilities.clear();
  t.libraries.clear();
  t.package_dir = "/root/venvs/a/lib/python3.11/site-packages/tensorflow";
  t.problems = {"could not read " + kBuildInfo + ": permission denied"};
  return t;
}

}  // namespace

TEST(UnknownVerdict, UnreadableBuildIsUnknownInEveryFormat) {
  auto r = cli::diagnose(gdtest::deep_machine(unreadable_tf()), gdtest::test_kb());
  ASSERT_EQ(r.frameworks.size(), 1u);
  EXPECT_EQ(r.frameworks[0].status, Status::unknown);
  EXPECT_EQ(r.verdict(), rules::MachineVerdict::Status::unknown);
  EXPECT_FALSE(r.gpu_usable());
  ASSERT_EQ(r.unknown.size(), 1u);
  EXPECT_EQ(r.unknown[0], "TensorFlow 2.15.1 in /root/venvs/a (Python 3.11): could not be judged: could not read " +
                              kBuildInfo + ": permission denied");

  std::string text = render::render_text(r, {});
  EXPECT_EQ(text.find("✓ TensorFlow"), std::string::npos) << text;
  EXPECT_NE(text.find("  ? TensorFlow 2.15.1 in /root/venvs/a (Python 3.11): unknown whether it can use the GPU: "
                      "could not be judged: could not read " + kBuildInfo + ": permission denied\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("could not read (the verdict rests on less):\n  · "
                      "/root/venvs/a/lib/python3.11/site-packages/tensorflow (frameworks): could not read " +
                      kBuildInfo + ": permission denied\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("The GPU should be usable"), std::string::npos) << text;
  EXPECT_NE(text.find("Whether the GPU is usable is unknown: TensorFlow 2.15.1"), std::string::npos) << text;

  auto j = nlohmann::json::parse(render::render_json(r));
  EXPECT_EQ(j["verdict"], "unknown");
  EXPECT_EQ(j["gpu_usable"], false);
  EXPECT_EQ(j["frameworks"][0]["status"], "unknown");
  ASSERT_EQ(j["problems"].size(), 1u) << j["problems"];
  EXPECT_EQ(j["problems"][0]["probe"], "frameworks");
  EXPECT_EQ(j["problems"][0]["error"], "could not read " + kBuildInfo + ": permission denied");

  std::string md = render::render_markdown(r);
  EXPECT_NE(md.find("**Verdict:** whether the GPU is usable is unknown"), std::string::npos) << md;
  EXPECT_NE(md.find("(unknown): unknown whether it can use the GPU"), std::string::npos) << md;
  EXPECT_NE(md.find("### Could not read\n\n- `/root/venvs/a/lib/python3.11/site-packages/tensorflow` (frameworks): "
                    "could not read " + kBuildInfo + ": permission denied\n"),
            std::string::npos)
      << md;
}

TEST(UnknownVerdict, AnErrorStillWinsAndADeepCheckThatUsedTheGpuDecides) {
  // A machine-wide error: the install cannot use the GPU whatever its build.
  auto f = gdtest::deep_machine(unreadable_tf());
  f.env.vars["CUDA_VISIBLE_DEVICES"] = "-1";
  auto r = cli::diagnose(f, gdtest::test_kb());
  EXPECT_EQ(r.frameworks[0].status, Status::no_gpu);
  EXPECT_EQ(r.verdict(), rules::MachineVerdict::Status::not_usable);

  // --deep saw TensorFlow use the GPU: what the files could not say, the framework did.
  auto inst = unreadable_tf();
  auto g = gdtest::deep_machine(inst);
  auto deep = gdtest::deep_of(inst, "ok");
  deep.gpu_count = 1;
  deep.matmul_device = "/job:localhost/replica:0/task:0/device:GPU:0";
  g.frameworks.deep = {deep};
  auto live = cli::diagnose(g, gdtest::test_kb());
  ASSERT_EQ(live.frameworks.size(), 1u);
  EXPECT_NE(live.frameworks[0].status, Status::unknown) << live.frameworks[0].reason;
}

TEST(UnknownVerdict, ProblemsWithAnInstallMakeItUnknownNotUsable) {
  // The build is known, but the libraries it loads could not be read.
  auto t = gdtest::healthy_tf_install();
  t.problems = {"could not read /root/venvs/a/lib/python3.11/site-packages/tensorflow/libtensorflow_framework.so.2: "
                "input/output error"};
  auto r = cli::diagnose(gdtest::deep_machine(t), gdtest::test_kb());
  EXPECT_EQ(r.frameworks[0].status, Status::unknown);
  // Without problems the same install is usable: the problem is what changed it.
  auto ok = cli::diagnose(gdtest::deep_machine(gdtest::healthy_tf_install()), gdtest::test_kb());
  EXPECT_EQ(ok.frameworks[0].status, Status::uses_gpu);
  EXPECT_EQ(ok.verdict(), rules::MachineVerdict::Status::usable);
}

TEST(UnknownVerdict, MachineProblemsAreRenderedInEveryFormat) {
  auto f = gdtest::healthy();
  f.problems.push_back({"libraries", "/usr/lib/x86_64-linux-gnu/libcuda.so.580.65.06", "permission denied"});
  f.toolkit.roots.push_back({});
  f.toolkit.roots.back().path = "/usr/local/cuda-12.2";
  f.toolkit.roots.back().problems = {"nvcc --version failed: timed out after 3000 ms"};
  auto r = cli::diagnose(f, gdtest::test_kb());
  auto lines = render::collect_problems(r);
  ASSERT_EQ(lines.size(), 2u);
  std::string text = render::render_text(r, {});
  EXPECT_NE(text.find("  · /usr/lib/x86_64-linux-gnu/libcuda.so.580.65.06 (libraries): permission denied\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  · /usr/local/cuda-12.2 (toolkit): nvcc --version failed: timed out after 3000 ms\n"),
            std::string::npos)
      << text;
  auto j = nlohmann::json::parse(render::render_json(r));
  ASSERT_EQ(j["problems"].size(), 2u);
  EXPECT_EQ(j["problems"][0]["path"], "/usr/lib/x86_64-linux-gnu/libcuda.so.580.65.06");
  EXPECT_EQ(j["problems"][0]["error"], "permission denied");
  EXPECT_EQ(j["problems"][1]["probe"], "toolkit");
  std::string md = render::render_markdown(r);
  auto at = md.find("### Could not read");
  ASSERT_NE(at, std::string::npos) << md;
  EXPECT_LT(at, md.find("<details>")) << "shown, not folded away with the facts";
  EXPECT_NE(md.find("- `/usr/lib/x86_64-linux-gnu/libcuda.so.580.65.06` (libraries): permission denied"),
            std::string::npos);
}

namespace {

// A fixture root with a TensorFlow whose build_info.py cannot be read (a symlink loop:
// tests run as root, for whom permission bits deny nothing).
class LoopRoot {
 public:
  LoopRoot() {
    dir_ = fs::temp_directory_path() / ("gd-unknown-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    std::string site = "opt/envs/t/lib/python3.11/site-packages";
    write("opt/envs/t/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.7\n");
    write(site + "/tensorflow-2.15.1.dist-info/METADATA", "Name: tensorflow\nVersion: 2.15.1\n");
    write("opt/envs/t/bin/python3", "");
    fs::path bi = dir_ / site / "tensorflow/python/platform/build_info.py";
    fs::create_directories(bi.parent_path());
    fs::create_symlink("build_info.py", bi);
  }
  ~LoopRoot() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }

 private:
  void write(const std::string& p, const std::string& text) {
    fs::path f = dir_ / p;
    fs::create_directories(f.parent_path());
    std::ofstream(f) << text;
  }
  fs::path dir_;
};

}  // namespace

// The probe's own record of the unreadable build, judged on an otherwise healthy machine
// (the fixture root has no driver, whose error would stop every install anyway).
TEST(UnknownVerdict, RealBinaryShowsAnUnreadableInstallAsUnknown) {
  LoopRoot root;
  const char* env = "HOME=/nonexistent-gd-home VIRTUAL_ENV= CONDA_PREFIX= PYENV_ROOT=/nonexistent-gd";
  auto c = gdtest::run_gpudoctor("collect --root " + root.path() + " --no-live --env /opt/envs/t", env);
  ASSERT_EQ(c.exit_code, 0);
  auto probed = nlohmann::json::parse(c.out);
  std::ifstream in(std::string(GD_FIXTURES) + "/facts/healthy_h100.json");
  auto facts = nlohmann::json::parse(in);
  facts["frameworks"] = probed["frameworks"];
  ASSERT_EQ(facts["frameworks"]["installs"].size(), 1u) << probed["frameworks"].dump();
  auto path = fs::temp_directory_path() / ("gd-unknown-facts-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << facts.dump();

  auto r = gdtest::run_gpudoctor("--json --facts " + path.string());
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["frameworks"].size(), 1u) << j["frameworks"];
  EXPECT_EQ(j["frameworks"][0]["status"], "unknown");
  std::string bi = "/opt/envs/t/lib/python3.11/site-packages/tensorflow/python/platform/build_info.py";
  bool listed = false;
  for (const auto& p : j["problems"]) listed |= p["error"].get<std::string>().find(bi) != std::string::npos;
  EXPECT_TRUE(listed) << j["problems"];
  EXPECT_EQ(j["verdict"], "unknown");
  EXPECT_EQ(r.exit_code, 2);
  auto text = gdtest::run_gpudoctor("--facts " + path.string());
  fs::remove(path);
  EXPECT_EQ(text.out.find("✓ TensorFlow"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("? TensorFlow 2.15.1 in /opt/envs/t"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("too many levels of symbolic links"), std::string::npos) << text.out;
}
