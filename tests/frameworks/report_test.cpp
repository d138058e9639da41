// The per-install verdicts in the text, JSON and Markdown reports, --framework narrowing,
// and the --env / --python / --deep options of the real binary on a fixture root.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/cli_test_util.hpp"
#include "cli/diagnose.hpp"
#include "deep/deep_fixture.hpp"

using namespace gpudoctor;
namespace fs = std::filesystem;

namespace {

// The healthy machine with a TensorFlow whose cuDNN is missing and a JAX without plugin.
facts::Facts two_frameworks() {
  auto tf = gdtest::healthy_tf_install();
  tf.libraries[2].path.clear();
  facts::FrameworkInstall jax;
  jax.framework = "jax";
  jax.distribution = "jaxlib";
  jax.version = jax.jax_version = jax.jaxlib_version = "0.6.2";
  jax.env_prefix = "/root/venvs/j";
  jax.env_kind = "venv";
  jax.python_version = "3.11";
  jax.build = "cpu";
  auto f = gdtest::deep_machine(tf);
  f.frameworks.installs.push_back(jax);
  return f;
}

bool has_subject(const std::vector<findings::Finding>& v, const std::string& s) {
  for (const auto& x : v)
    if (x.subject == s) return true;
  return false;
}

}  // namespace

TEST(FrameworkReport, TextJsonAndMarkdownCarryOneVerdictPerInstall) {
  auto r = cli::diagnose(two_frameworks(), gdtest::test_kb());
  ASSERT_EQ(r.frameworks.size(), 2u);
  render::TextOptions opt;
  std::string text = render::render_text(r, opt);
  EXPECT_NE(text.find("\nFrameworks\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  ✗ TensorFlow 2.15.1 in /root/venvs/a (Python 3.11): will not use the GPU, because "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  ✗ JAX 0.6.2 in /root/venvs/j (Python 3.11): will not use the GPU, because "), std::string::npos)
      << text;

  auto j = nlohmann::json::parse(render::render_json(r));
  ASSERT_TRUE(j["frameworks"].is_array());
  ASSERT_EQ(j["frameworks"].size(), 2u);
  const auto& t = j["frameworks"][0];
  EXPECT_EQ(t["title"], "TensorFlow 2.15.1 in /root/venvs/a (Python 3.11)");
  EXPECT_EQ(t["status"], "no_gpu");
  EXPECT_EQ(t["code"], "F703");
  EXPECT_FALSE(t["reason"].get<std::string>().empty());
  EXPECT_FALSE(t["fix"].empty());
  EXPECT_EQ(t["loads"].size(), 2u);  // cudart and cuBLAS from the wheels
  EXPECT_EQ(t["live"], "");
  EXPECT_EQ(j["frameworks"][1]["code"], "F709");

  std::string md = render::render_markdown(r);
  EXPECT_NE(md.find("### Frameworks\n\n- **TensorFlow 2.15.1 in /root/venvs/a (Python 3.11)** (no_gpu)"),
            std::string::npos)
      << md;
}

TEST(FrameworkReport, FrameworkOptionNarrowsFindingsAndVerdicts) {
  auto f = two_frameworks();
  auto all = cli::diagnose(f, gdtest::test_kb());
  EXPECT_TRUE(has_subject(all.findings, "tensorflow 2.15.1 in /root/venvs/a"));
  EXPECT_TRUE(has_subject(all.findings, "jax 0.6.2 in /root/venvs/j"));
  auto jax = cli::diagnose(f, gdtest::test_kb(), "jax");
  ASSERT_EQ(jax.frameworks.size(), 1u);
  EXPECT_EQ(jax.frameworks[0].framework, "jax");
  EXPECT_FALSE(has_subject(jax.findings, "tensorflow 2.15.1 in /root/venvs/a"));
  EXPECT_TRUE(has_subject(jax.findings, "jax 0.6.2 in /root/venvs/j"));
  auto torch = cli::diagnose(f, gdtest::test_kb(), "torch");
  EXPECT_TRUE(torch.frameworks.empty());
  // Machine-wide findings stay whatever the framework.
  size_t machine_wide = 0;
  for (const auto& x : all.findings) machine_wide += x.subject.empty() || x.area != "frameworks";
  EXPECT_EQ(torch.findings.size(), machine_wide);
}

TEST(FrameworkReport, DeepOutcomeAppearsUnderTheVerdict) {
  auto inst = gdtest::healthy_tf_install();
  auto f = gdtest::deep_machine(inst);
  f.frameworks.deep = {gdtest::tf_sees_no_gpu(inst)};
  auto r = cli::diagnose(f, gdtest::test_kb());
  std::string text = render::render_text(r, {});
  EXPECT_NE(text.find("      --deep: imported in 7.9 s, 0 GPUs, matmul ran on CPU:0; TensorFlow printed 'Could not "
                      "find cuda drivers on your machine, GPU will not be used.' → "),
            std::string::npos)
      << text;
  auto j = nlohmann::json::parse(render::render_json(r));
  std::string live = j["frameworks"][0]["live"];
  EXPECT_EQ(live.rfind("imported in 7.9 s, 0 GPUs, matmul ran on CPU:0; TensorFlow printed", 0), 0u) << live;
  EXPECT_NE(live.find("[X801]"), std::string::npos) << live;
  EXPECT_EQ(j["frameworks"][0]["code"], "F720");
}

namespace {

class Root {
 public:
  Root() {
    dir_ = fs::temp_directory_path() / ("gd-fwcli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    std::string site = "/opt/envs/j/lib/python3.11/site-packages";
    write("/opt/envs/j/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.7\n");
    write(site + "/jaxlib-0.6.2.dist-info/METADATA", "Name: jaxlib\nVersion: 0.6.2\n");
    write(site + "/jax-0.6.2.dist-info/METADATA", "Name: jax\nVersion: 0.6.2\n");
    write("/opt/envs/j/bin/python3", "");
    site = "/opt/envs/t/lib/python3.11/site-packages";
    write("/opt/envs/t/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.7\n");
    write(site + "/tensorflow_cpu-2.15.1.dist-info/METADATA", "Name: tensorflow-cpu\nVersion: 2.15.1\n");
    write(site + "/tensorflow/python/platform/build_info.py",
          "import collections\nbuild_info = collections.OrderedDict([('is_cuda_build', False)])\n");
    write("/opt/envs/t/bin/python3", "");
  }
  ~Root() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }

 private:
  void write(const std::string& p, const std::string& text) {
    fs::path f = dir_ / p.substr(1);
    fs::create_directories(f.parent_path());
    std::ofstream(f) << text;
  }
  fs::path dir_;
};

const char* kEnv = "HOME=/nonexistent-gd-home VIRTUAL_ENV= CONDA_PREFIX= PYENV_ROOT=/nonexistent-gd";

}  // namespace

TEST(FrameworkCli, EnvAndPythonOptionsNameEnvironments) {
  Root root;
  auto r = gdtest::run_gpudoctor("--root " + root.path() + " --no-live --json --env /opt/envs/j --python /opt/envs/t/bin/python3",
                                 kEnv);
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> via;
  for (const auto& e : j["facts"]["frameworks"]["environments"]) via[e["prefix"]] = e["found_via"];
  EXPECT_EQ(via["/opt/envs/j"], "--env");
  EXPECT_EQ(via["/opt/envs/t"], "--python");
  ASSERT_EQ(j["frameworks"].size(), 2u) << j["frameworks"].dump(1);

  auto narrowed = nlohmann::json::parse(gdtest::run_gpudoctor("--root " + root.path() +
                                                                  " --no-live --json --framework jax --env /opt/envs/j "
                                                                  "--env /opt/envs/t",
                                                              kEnv)
                                            .out);
  ASSERT_EQ(narrowed["frameworks"].size(), 1u);
  EXPECT_EQ(narrowed["frameworks"][0]["framework"], "jax");
  for (const auto& x : narrowed["findings"]) EXPECT_EQ(x["subject"].get<std::string>().rfind("tensorflow", 0), std::string::npos);
}

TEST(FrameworkCli, DeepRefusesAnotherRoot) {
  Root root;
  auto r = gdtest::run_gpudoctor("--root " + root.path() + " --no-live --deep", kEnv, true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("gpudoctor: error: --deep"), std::string::npos) << r.out;
}
