// The framework probe on site-packages trees built in a temporary root: environment
// discovery, dist-info reading and the loader's resolution from the framework's RUNPATH.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "probe/probes.hpp"
#include "util/strings.hpp"
#include "util/subprocess.hpp"

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

namespace {

// TensorFlow 2.15.1 as pip installs it on Windows: `tensorflow` (a meta package for
// tensorflow-intel) and a CPU-only build_info.py in the Windows OrderedDict form.
void windows_tf215(Tree& t, const std::string& site) {
  t.write(site + "/tensorflow-2.15.1.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: tensorflow\nVersion: 2.15.1\nRequires-Dist: tensorflow-intel (==2.15.1) ; "
          "platform_system == \"Windows\"\n\nbody\n");
  t.write(site + "/tensorflow-2.15.1.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: cp311-cp311-win_amd64\n");
  t.write(site + "/tensorflow_intel-2.15.1.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: tensorflow-intel\nVersion: 2.15.1\n\nbody\n");
  t.write(site + "/tensorflow/python/platform/build_info.py",
          "# Copyright 2020 The TensorFlow Authors. All Rights Reserved.\n"
          "\"\"\"Auto-generated module providing information about the build.\"\"\"\n"
          "import collections\n\n"
          "build_info = collections.OrderedDict([('is_cuda_build', False), ('is_rocm_build', False), "
          "('is_tensorrt_build', False), ('msvcp_dll_names', 'msvcp140.dll,msvcp140_1.dll')])\n");
  // A Windows DLL where a Linux wheel has its shared objects: never resolved nor scanned.
  t.write(site + "/tensorflow/python/_pywrap_tensorflow_internal.pyd", "MZ");
}

}  // namespace

TEST(FrameworkProbe, WindowsVenvThroughEnvIsMarkedWindowsAndReadStatically) {
  Tree t;
  const std::string prefix = "/mnt/d/tfenv";
  t.write(prefix + "/pyvenv.cfg",
          "home = C:\\Users\\u\\AppData\\Local\\Programs\\Python\\Python311\ninclude-system-site-packages = false\n");
  t.write(prefix + "/Scripts/python.exe", "");
  windows_tf215(t, prefix + "/Lib/site-packages");
  auto out = t.probe({{"HOME", "/home/u"}}, {prefix});
  ASSERT_FALSE(out.environments.empty());
  const auto& e = out.environments[0];
  EXPECT_EQ(e.prefix, prefix);
  EXPECT_EQ(e.kind, "venv");
  EXPECT_EQ(e.platform, "windows");
  EXPECT_EQ(e.found_via, "--env");
  EXPECT_EQ(e.python_version, "3.11");  // from the base interpreter's Python311 folder
  EXPECT_EQ(e.python, prefix + "/Scripts/python.exe");
  ASSERT_EQ(e.site_packages.size(), 1u);
  EXPECT_EQ(e.site_packages[0], prefix + "/Lib/site-packages");
  ASSERT_EQ(out.installs.size(), 1u);
  const auto& i = out.installs[0];
  EXPECT_EQ(i.framework, "tensorflow");
  EXPECT_EQ(i.version, "2.15.1");
  EXPECT_EQ(i.platform, "windows");
  EXPECT_EQ(i.build, "cpu");
  EXPECT_TRUE(i.cuda_version.empty());
  EXPECT_TRUE(i.libraries.empty());
  EXPECT_TRUE(i.gpu_code.empty());
  EXPECT_TRUE(i.problems.empty()) << i.problems.front();
  // A Python executable names the same environment.
  auto by_exe = t.probe({{"HOME", "/home/u"}}, {}, {prefix + "/Scripts/python.exe"});
  ASSERT_FALSE(by_exe.environments.empty());
  EXPECT_EQ(by_exe.environments[0].prefix, prefix);
  EXPECT_EQ(by_exe.environments[0].platform, "windows");
}

TEST(FrameworkProbe, Windows210CudaBuildKeepsItsVersionsButLoadsNothing) {
  Tree t;
  const std::string prefix = "/mnt/d/tf210";
  t.write(prefix + "/python.exe", "");
  t.write(prefix + "/python310.dll", "");
  const std::string site = prefix + "/Lib/site-packages";
  t.write(site + "/tensorflow-2.10.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: tensorflow\nVersion: 2.10.1\n\n");
  t.write(site + "/tensorflow/python/platform/build_info.py",
          "import collections\nbuild_info = collections.OrderedDict([('cpu_compiler', 'C:/Program Files (x86)/cl.exe'), "
          "('cuda_compute_capabilities', ['sm_35', 'sm_50', 'sm_60', 'sm_70', 'sm_75', 'compute_80']), "
          "('cuda_version', '64_112'), ('cudart_dll_name', 'cudart64_112.dll'), ('cudnn_dll_name', 'cudnn64_8.dll'), "
          "('cudnn_version', '64_8'), ('is_cuda_build', True), ('is_rocm_build', False), ('is_tensorrt_build', False), "
          "('msvcp_dll_names', 'msvcp140.dll,msvcp140_1.dll'), ('nvcuda_dll_name', 'nvcuda.dll')])\n");
  auto out = t.probe({{"HOME", "/home/u"}}, {prefix});
  ASSERT_FALSE(out.environments.empty());
  EXPECT_EQ(out.environments[0].platform, "windows");
  EXPECT_EQ(out.environments[0].python_version, "3.10");  // python310.dll
  EXPECT_EQ(out.environments[0].python, prefix + "/python.exe");
  ASSERT_EQ(out.installs.size(), 1u);
  EXPECT_EQ(out.installs[0].build, "cuda");
  EXPECT_EQ(out.installs[0].cuda_version, "11.2");
  EXPECT_EQ(out.installs[0].cudnn_version, "8");
  EXPECT_TRUE(out.installs[0].libraries.empty());
  EXPECT_TRUE(out.installs[0].loader.empty());
}

TEST(FrameworkProbe, Wsl2FindsTheWindowsPythonUnderMntC) {
  Tree t;
  const std::string prefix = "/mnt/c/Users/u/AppData/Local/Programs/Python/Python311";
  t.write(prefix + "/python.exe", "");
  t.write(prefix + "/python311.dll", "");
  windows_tf215(t, prefix + "/Lib/site-packages");
  t.write("/mnt/c/Users/u/miniconda3/envs/broken/README", "");  // an env folder without Python
  t.write("/mnt/c/Users/Public/desktop.ini", "");
  // Not WSL: /mnt/c is left alone.
  auto plain = t.probe({{"HOME", "/home/u"}});
  EXPECT_TRUE(plain.environments.empty());
  t.write("/proc/version", "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@1) (gcc) #1 SMP\n");
  auto out = t.probe({{"HOME", "/home/u"}});
  ASSERT_EQ(out.environments.size(), 1u);
  const auto& e = out.environments[0];
  EXPECT_EQ(e.prefix, prefix);
  EXPECT_EQ(e.platform, "windows");
  EXPECT_EQ(e.python_version, "3.11");
  EXPECT_EQ(e.found_via, "WSL2 /mnt/c/Users/u/AppData/Local/Programs/Python");
  ASSERT_EQ(out.installs.size(), 1u);
  EXPECT_EQ(out.installs[0].platform, "windows");
  EXPECT_EQ(out.installs[0].version, "2.15.1");
  EXPECT_EQ(out.installs[0].build, "cpu");
}

// --- PyTorch's compile-time cuDNN (torch/backends/cudnn/__init__.py refuses an older minor) ---

namespace {

// A libtorch_cuda.so stand-in whose DT_NEEDED names libcudnn.so.9 (and DT_RPATH the wheel
// directory, as the PyPI wheel has), linked at test time against a tiny libcudnn.so.9.
std::string build_libtorch_cuda(const std::string& work) {
  std::string cc = util::find_in_path("cc", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin");
  if (cc.empty()) return "";
  fs::create_directories(work);
  std::ofstream(work + "/c.c") << "int cudnnGetVersion(void) { return 0; }\n";
  std::ofstream(work + "/t.c") << "int torch_marker(void) { return 0; }\n";
  if (util::run_command({cc, "-shared", "-fPIC", "-o", work + "/libcudnn.so.9", work + "/c.c", "-Wl,-soname,libcudnn.so.9"},
                        60000).exit_code != 0)
    return "";
  if (util::run_command({cc, "-shared", "-fPIC", "-o", work + "/libtorch_cuda.so", work + "/t.c", "-Wl,--no-as-needed",
                         work + "/libcudnn.so.9", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../../nvidia/cudnn/lib"},
                        60000).exit_code != 0)
    return "";
  return work + "/libtorch_cuda.so";
}

void torch_cu13(Tree& t, const std::string& libtorch) {
  t.write("/home/u/venvs/a/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n");
  t.write(kSite + "/torch-2.15.0.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: torch\nVersion: 2.15.0\nRequires-Dist: nvidia-cudnn-cu13==9.26.0.51; "
          "platform_system == \"Linux\"\n\nbody\n");
  t.write(kSite + "/torch-2.15.0.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: cp311-cp311-manylinux_2_28_x86_64\n");
  t.write(kSite + "/torch/version.py", "__version__ = '2.15.0+cu132'\ndebug = False\ncuda = '13.2'\nhip = None\n");
  t.copy(libtorch, kSite + "/torch/lib/libtorch_cuda.so");
  // The cuDNN wheel is missing; the toolkit's cuDNN 9.19 is on LD_LIBRARY_PATH.
  t.write("/usr/local/cuda-13.0/lib/libcudnn.so.9.19.0", "");
  t.link("/usr/local/cuda-13.0/lib/libcudnn.so.9", "libcudnn.so.9.19.0");
}

}  // namespace

TEST(FrameworkProbe, TorchCudnnFloorFromThePinnedWheelWhenNothingElseSaysIt) {
  std::string libtorch = build_libtorch_cuda((fs::temp_directory_path() / ("gd-torchlib-" + std::to_string(::getpid()))).string());
  if (libtorch.empty()) GTEST_SKIP() << "no C compiler";
  Tree t;
  torch_cu13(t, libtorch);
  auto out = t.probe({{"HOME", "/home/u"}, {"VIRTUAL_ENV", "/home/u/venvs/a"}, {"LD_LIBRARY_PATH", "/usr/local/cuda-13.0/lib"}});
  ASSERT_EQ(out.installs.size(), 1u);
  const auto* cudnn = lib(out.installs[0], "cudnn");
  ASSERT_TRUE(cudnn);
  EXPECT_EQ(cudnn->path, "/usr/local/cuda-13.0/lib/libcudnn.so.9");
  EXPECT_EQ(cudnn->min_version, "9.26");
  EXPECT_EQ(cudnn->min_version_source,
            "pinned requirement nvidia-cudnn-cu13==9.26.0.51 (torch's METADATA; the compiled-in version itself was not "
            "readable)");

  // The wheel's build strings (torch.__config__.show()) win over the pin.
  t.write(kSite + "/torch/include/caffe2/core/macros.h",
          "#define CAFFE2_BUILD_STRINGS { \\\n  {\"CUDA_VERSION\", \"13.2\"}, \\\n  {\"USE_CUDNN\", \"ON\"}, \\\n"
          "  {\"CUDNN_VERSION\", \"9.20.0\"}, \\\n}\n");
  out = t.probe({{"HOME", "/home/u"}, {"VIRTUAL_ENV", "/home/u/venvs/a"}, {"LD_LIBRARY_PATH", "/usr/local/cuda-13.0/lib"}});
  cudnn = lib(out.installs[0], "cudnn");
  ASSERT_TRUE(cudnn);
  EXPECT_EQ(cudnn->min_version, "9.20");
  EXPECT_EQ(cudnn->min_version_source, "torch/include/caffe2/core/macros.h");
  fs::remove_all(fs::path(libtorch).parent_path());
}

// Extension modules beside torch: their CUDA DT_NEEDED entries are recorded, files without
// any (a pure C extension) and names that are not extension modules are left out.
TEST(FrameworkProbe, TorchExtensionsAndTheCudaLibrariesTheyName) {
  std::string work = (fs::temp_directory_path() / ("gd-torchext-" + std::to_string(::getpid()))).string();
  std::string libtorch = build_libtorch_cuda(work);
  if (libtorch.empty()) GTEST_SKIP() << "no C compiler";
  std::string cc = util::find_in_path("cc", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin");
  std::ofstream(work + "/r.c") << "int cudaMalloc(void) { return 0; }\n";
  ASSERT_EQ(util::run_command({cc, "-shared", "-fPIC", "-o", work + "/libcudart.so.11.0", work + "/r.c",
                               "-Wl,-soname,libcudart.so.11.0"},
                              60000)
                .exit_code,
            0);
  ASSERT_EQ(util::run_command({cc, "-shared", "-fPIC", "-o", work + "/ext.so", work + "/r.c", "-Wl,--no-as-needed",
                               work + "/libcudart.so.11.0"},
                              60000)
                .exit_code,
            0);
  ASSERT_EQ(util::run_command({cc, "-shared", "-fPIC", "-o", work + "/pure.so", work + "/r.c"}, 60000).exit_code, 0);
  Tree t;
  torch_cu13(t, libtorch);
  t.copy(work + "/ext.so", kSite + "/flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so");
  t.copy(work + "/ext.so", kSite + "/mmcv/_ext.cpython-311-x86_64-linux-gnu.so");
  t.copy(work + "/ext.so", kSite + "/libnot_an_extension.so");  // no cpython tag at the top level
  t.copy(work + "/pure.so", kSite + "/_cffi_backend.cpython-311-x86_64-linux-gnu.so");
  auto out = t.probe({{"HOME", "/home/u"}, {"VIRTUAL_ENV", "/home/u/venvs/a"}});
  ASSERT_EQ(out.installs.size(), 1u);
  const auto& ext = out.installs[0].extensions;
  ASSERT_EQ(ext.size(), 2u);
  EXPECT_EQ(ext[0].path, kSite + "/flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so");
  EXPECT_EQ(ext[0].cuda_needed, (std::vector<std::string>{"libcudart.so.11.0"}));
  EXPECT_EQ(ext[1].path, kSite + "/mmcv/_ext.cpython-311-x86_64-linux-gnu.so");
  fs::remove_all(work);
}
