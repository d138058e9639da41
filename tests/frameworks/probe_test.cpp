// The framework probe on site-packages trees built in a temporary root: environment
// discovery, dist-info reading and the loader's resolution from the framework's RUNPATH.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "probe/probes.hpp"

using namespace gpudoctor;
namespace fs = std::filesystem;

namespace {

class Tree {
 public:
  Tree() {
    root_ = fs::temp_directory_path() / ("gd-fw-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~Tree() { fs::remove_all(root_); }
  void write(const std::string& path, const std::string& text) {
    fs::path p = root_ / path.substr(1);
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  void copy(const std::string& from, const std::string& path) {
    fs::path p = root_ / path.substr(1);
    fs::create_directories(p.parent_path());
    fs::copy_file(from, p, fs::copy_options::overwrite_existing);
  }
  void link(const std::string& path, const std::string& target) {
    fs::path p = root_ / path.substr(1);
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
  }
  facts::FrameworkFacts probe(std::map<std::string, std::string> env, std::vector<std::string> env_dirs = {},
                              std::vector<std::string> pythons = {}) {
    static const kb::Kb kb = kb::Kb::load();
    probe::ProbeContext ctx;
    ctx.fs = probe::RootFs(root_.string());
    ctx.env = std::move(env);
    ctx.env_dirs = std::move(env_dirs);
    ctx.pythons = std::move(pythons);
    ctx.allow_exec = false;
    facts::Facts so_far;
    facts::FrameworkFacts out;
    probe::probe_frameworks(ctx, so_far, kb, out);
    return out;
  }

 private:
  static inline int counter_ = 0;
  fs::path root_;
};

const std::string kSite = "/home/u/venvs/a/lib/python3.11/site-packages";

void tf215(Tree& t) {
  t.write("/home/u/venvs/a/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n");
  t.write(kSite + "/tensorflow-2.15.1.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: tensorflow\nVersion: 2.15.1\nRequires-Dist: nvidia-cudnn-cu12 (==8.9.4.25) ; "
          "extra == 'and-cuda'\nProvides-Extra: and-cuda\n\nbody\n");
  t.write(kSite + "/tensorflow-2.15.1.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: cp311-cp311-manylinux_2_17_x86_64\n");
  t.copy(GD_FIXTURES "/site-packages/build_info_tf215.py", kSite + "/tensorflow/python/platform/build_info.py");
  t.copy(GD_FIXTURES "/site-packages/elf/tf_framework_runpath.so", kSite + "/tensorflow/libtensorflow_framework.so.2");
  t.copy(GD_FIXTURES "/fatbin/libgdsample.so", kSite + "/tensorflow/libtensorflow_cc.so.2");
  t.write("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.19.0", "");
  // As the packages install it: the soname is a link to the versioned file.
  t.link("/usr/lib/x86_64-linux-gnu/libcudnn.so.9", "libcudnn.so.9.19.0");
}

const facts::FrameworkLib* lib(const facts::FrameworkInstall& i, std::string_view id) {
  for (const auto& l : i.libraries)
    if (l.id == id) return &l;
  return nullptr;
}

}  // namespace

TEST(FrameworkProbe, TensorflowWithoutCudaWheelsFindsNothingButOtherMajors) {
  Tree t;
  tf215(t);
  auto out = t.probe({{"HOME", "/home/u"}, {"VIRTUAL_ENV", "/home/u/venvs/a"}});
  ASSERT_FALSE(out.environments.empty());
  EXPECT_EQ(out.environments[0].prefix, "/home/u/venvs/a");
  EXPECT_EQ(out.environments[0].kind, "venv");
  EXPECT_EQ(out.environments[0].found_via, "VIRTUAL_ENV");
  EXPECT_EQ(out.environments[0].python_version, "3.11");
  ASSERT_EQ(out.installs.size(), 1u);
  const auto& i = out.installs[0];
  EXPECT_EQ(i.framework, "tensorflow");
  EXPECT_EQ(i.version, "2.15.1");
  EXPECT_EQ(i.build, "cuda");
  EXPECT_EQ(i.cuda_version, "12.2");
  EXPECT_EQ(i.cudnn_version, "8");
  EXPECT_EQ(i.python_tag, "3.11");
  EXPECT_EQ(i.and_cuda_extra, "and-cuda");
  EXPECT_FALSE(i.loader_runpath.empty());
  const auto* cudnn = lib(i, "cudnn");
  ASSERT_TRUE(cudnn);
  EXPECT_EQ(cudnn->soname, "libcudnn.so.8");
  EXPECT_EQ(cudnn->min_version, "8.9");
  EXPECT_TRUE(cudnn->path.empty());
  ASSERT_FALSE(cudnn->other_versions.empty());
  EXPECT_EQ(cudnn->other_versions[0], "libcudnn.so.9 (9.19.0) in /usr/lib/x86_64-linux-gnu");
  const auto* cudart = lib(i, "cudart");
  ASSERT_TRUE(cudart);
  EXPECT_EQ(cudart->soname, "libcudart.so.12");
  EXPECT_TRUE(cudart->path.empty());
  // The fatbin stand-in (sm_75/80/90 + compute_90) is read from its headers.
  ASSERT_EQ(i.gpu_code.size(), 1u);
  EXPECT_EQ(i.gpu_code[0].sass, (std::vector<int>{75, 80, 90}));
  EXPECT_EQ(i.gpu_code[0].ptx, std::vector<int>{90});
}

TEST(FrameworkProbe, RunpathFindsTheNvidiaWheelAndLdLibraryPathShadowsIt) {
  Tree t;
  tf215(t);
  t.write(kSite + "/nvidia/cudnn/lib/libcudnn.so.8", "");
  t.write(kSite + "/nvidia_cudnn_cu12-8.9.4.25.dist-info/METADATA", "Name: nvidia-cudnn-cu12\nVersion: 8.9.4.25\n");
  auto out = t.probe({{"HOME", "/home/u"}, {"VIRTUAL_ENV", "/home/u/venvs/a"}});
  ASSERT_EQ(out.installs.size(), 1u);
  const auto* cudnn = lib(out.installs[0], "cudnn");
  ASSERT_TRUE(cudnn);
  EXPECT_EQ(cudnn->path, kSite + "/nvidia/cudnn/lib/libcudnn.so.8");
  EXPECT_TRUE(cudnn->from_wheel);
  EXPECT_EQ(cudnn->version, "8.9.4.25");
  EXPECT_EQ(cudnn->found_via, "RUNPATH $ORIGIN/../nvidia/cudnn/lib");

  t.write("/opt/cudnn8/lib/libcudnn.so.8.6.0", "");
  t.write("/opt/cudnn8/lib/libcudnn.so.8", "");
  auto shadowed = t.probe({{"HOME", "/home/u"}, {"VIRTUAL_ENV", "/home/u/venvs/a"}, {"LD_LIBRARY_PATH", "/opt/cudnn8/lib"}});
  const auto* c2 = lib(shadowed.installs[0], "cudnn");
  ASSERT_TRUE(c2);
  EXPECT_EQ(c2->path, "/opt/cudnn8/lib/libcudnn.so.8");
  EXPECT_EQ(c2->found_via, "LD_LIBRARY_PATH");
  EXPECT_EQ(c2->shadowed_path, kSite + "/nvidia/cudnn/lib/libcudnn.so.8");
}

TEST(FrameworkProbe, TensorflowCpuAndJaxWithoutPluginInOneEnv) {
  Tree t;
  t.write("/home/u/venvs/b/pyvenv.cfg", "home = /usr/bin\nversion = 3.10.12\n");
  std::string site = "/home/u/venvs/b/lib/python3.10/site-packages";
  t.write(site + "/tensorflow_cpu-2.15.1.dist-info/METADATA", "Name: tensorflow-cpu\nVersion: 2.15.1\n");
  t.write(site + "/tensorflow/python/platform/build_info.py",
          "import collections\nbuild_info = collections.OrderedDict([('is_cuda_build', False), ('is_rocm_build', False)])\n");
  t.write(site + "/jaxlib-0.6.2.dist-info/METADATA", "Name: jaxlib\nVersion: 0.6.2\n");
  t.write(site + "/jax-0.6.2.dist-info/METADATA", "Name: jax\nVersion: 0.6.2\n");
  auto out = t.probe({{"HOME", "/home/u"}});  // found through ~/venvs
  ASSERT_EQ(out.installs.size(), 2u);
  EXPECT_EQ(out.installs[0].distribution, "tensorflow-cpu");
  EXPECT_EQ(out.installs[0].build, "cpu");
  EXPECT_EQ(out.installs[1].framework, "jax");
  EXPECT_EQ(out.installs[1].build, "cpu");
  EXPECT_EQ(out.installs[1].jaxlib_version, "0.6.2");
}

TEST(FrameworkProbe, JaxPluginFindsWheelsThroughRpathDespiteLdLibraryPath) {
  Tree t;
  t.write("/home/u/venvs/j/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.7\n");
  std::string site = "/home/u/venvs/j/lib/python3.11/site-packages";
  t.write(site + "/jaxlib-0.6.2.dist-info/METADATA", "Name: jaxlib\nVersion: 0.6.2\n");
  t.write(site + "/jax_cuda12_plugin-0.6.2.dist-info/METADATA",
          "Name: jax-cuda12-plugin\nVersion: 0.6.2\nRequires-Dist: nvidia-cudnn-cu12<10.0,>=9.8; extra == \"with-cuda\"\n"
          "Requires-Dist: nvidia-cuda-runtime-cu12>=12.1.105; extra == \"with-cuda\"\n");
  t.write(site + "/jax_cuda12_pjrt-0.6.2.dist-info/METADATA", "Name: jax-cuda12-pjrt\nVersion: 0.6.2\n");
  t.copy(GD_FIXTURES "/site-packages/elf/jax_pjrt_rpath.so", site + "/jax_plugins/xla_cuda12/xla_cuda_plugin.so");
  t.write(site + "/nvidia/cudnn/lib/libcudnn.so.9", "");
  t.write("/opt/old/libcudnn.so.9", "");
  auto out = t.probe({{"HOME", "/home/u"}, {"LD_LIBRARY_PATH", "/opt/old"}}, {"/home/u/venvs/j"});
  ASSERT_EQ(out.installs.size(), 1u);
  const auto& j = out.installs[0];
  EXPECT_EQ(j.build, "cuda");
  EXPECT_EQ(j.plugin_version, "0.6.2");
  EXPECT_EQ(j.cuda_version, "12.1");
  EXPECT_EQ(j.cudnn_version, "9.8");
  const auto* cudnn = lib(j, "cudnn");
  ASSERT_TRUE(cudnn);
  // DT_RPATH comes before LD_LIBRARY_PATH.
  EXPECT_EQ(cudnn->path, site + "/nvidia/cudnn/lib/libcudnn.so.9");
  EXPECT_EQ(cudnn->min_version, "9.8");
}
