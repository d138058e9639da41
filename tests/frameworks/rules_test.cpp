// Each framework rule on facts fixtures: one case that fires it, one that keeps it quiet.
#include <gtest/gtest.h>

#include <algorithm>

#include "deep/deep_fixture.hpp"
#include "rules/framework/verdict.hpp"
#include "rules/registry.hpp"

using namespace gpudoctor;

namespace {

// TensorFlow 2.15.1 with tensorflow[and-cuda]: every library from its wheels, with the
// architectures TF 2.15's build_info.py really lists.
facts::FrameworkInstall healthy_tf() {
  auto t = gdtest::healthy_tf_install();
  t.compute_capabilities = {"sm_50", "sm_60", "sm_70", "sm_75", "compute_80"};
  t.loader = t.site_packages + "/tensorflow/libtensorflow_framework.so.2";
  t.libraries[2].min_version = "8.9";
  return t;
}

facts::Facts machine(std::vector<facts::FrameworkInstall> installs, std::string cc = "8.6",
                     std::string driver = "550.54.14") {
  facts::Facts f;
  f.pci.sysfs_readable = true;
  facts::PciGpu g;
  g.bdf = "0000:01:00.0";
  g.compute_capability = std::move(cc);
  g.driver = "nvidia";
  f.pci.gpus.push_back(g);
  f.driver.version = std::move(driver);
  f.driver.nvidia_loaded = true;
  f.driver.module_installed = true;
  f.driver.proc_version_present = true;
  for (std::string node : {"/dev/nvidiactl", "/dev/nvidia0", "/dev/nvidia-uvm"}) {
    facts::DeviceNode n;
    n.path = node;
    n.exists = n.is_char_device = n.can_read = n.can_write = true;
    n.mode = "0666";
    f.driver.device_nodes.push_back(n);
  }
  f.frameworks.installs = std::move(installs);
  return f;
}

std::vector<findings::Finding> run(const facts::Facts& f) {
  static const kb::Kb kb = kb::Kb::load();
  return rules::run_rules(f, kb);
}

const findings::Finding* find(const std::vector<findings::Finding>& v, std::string_view code) {
  for (const auto& x : v)
    if (x.code == code) return &x;
  return nullptr;
}

bool fires(const facts::Facts& f, std::string_view code) { return find(run(f), code) != nullptr; }

}  // namespace

TEST(FrameworkRules, HealthyTensorflowIsQuietAndVerdictIsUsable) {
  // Turing (7.5): TF 2.15's wheels carry sm_75 SASS, so nothing is JIT-compiled either.
  auto f = machine({healthy_tf()}, "7.5");
  auto out = run(f);
  for (const auto& x : out) EXPECT_NE(x.area, "frameworks") << x.code << " " << x.message;
  auto v = rules::framework_verdicts(f, out);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].status, rules::FrameworkVerdict::Status::uses_gpu) << v[0].code << " " << v[0].reason;
  EXPECT_EQ(v[0].title, "TensorFlow 2.15.1 in /root/venvs/a (Python 3.11)");
}

// No driver module on the machine: that is the verdict's reason; the install's own
// problem (a missing cuDNN) stays listed to fix next.
TEST(FrameworkRules, VerdictNamesTheMachineRootBeforeTheInstallsOwn) {
  auto t = healthy_tf();
  t.libraries[2].path.clear();
  auto f = machine({t}, "7.5");
  f.driver.nvidia_loaded = false;
  f.driver.proc_version_present = false;
  f.driver.version.clear();
  f.pci.gpus[0].driver.clear();
  auto out = run(f);
  auto v = rules::framework_verdicts(f, out);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].status, rules::FrameworkVerdict::Status::no_gpu);
  EXPECT_EQ(v[0].code, "K204") << v[0].reason;
  ASSERT_FALSE(v[0].other_codes.empty());
  EXPECT_EQ(v[0].other_codes[0], "F703");
}

TEST(FrameworkRules, F701CpuOnlyBuild) {
  auto t = healthy_tf();
  t.distribution = "tensorflow-cpu";
  t.build = "cpu";
  t.libraries.clear();
  auto out = run(machine({t}));
  const auto* x = find(out, "F701");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->subject, "tensorflow 2.15.1 in /root/venvs/a");
  EXPECT_EQ(x->area, "frameworks");
  EXPECT_EQ(x->cause, "cpu_only_build");
  EXPECT_NE(x->fix.front().find("uninstall -y tensorflow-cpu"), std::string::npos);
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F701"));
}

TEST(FrameworkRules, F702CudaLibsMissingNamesTheSonamesAndTheFix) {
  auto t = healthy_tf();
  t.libraries[0].path.clear();
  t.libraries[0].other_versions = {"libcudart.so.13 (13.0.96) in /usr/local/cuda-13.0/lib64"};
  auto out = run(machine({t}));
  const auto* x = find(out, "F702");
  ASSERT_TRUE(x);
  EXPECT_NE(x->message.find("libcudart.so.12"), std::string::npos);
  EXPECT_NE(x->message.find("libcudart.so.13 (13.0.96)"), std::string::npos);
  EXPECT_EQ(x->fix.front(), "/root/venvs/a/bin/python -m pip install 'tensorflow[and-cuda]==2.15.1'");
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F702"));
}

TEST(FrameworkRules, F703CudnnMissingEverywhere) {
  auto t = healthy_tf();
  t.libraries[2].path.clear();
  EXPECT_TRUE(fires(machine({t}), "F703"));
  EXPECT_FALSE(fires(machine({t}), "F704"));
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F703"));
}

TEST(FrameworkRules, F704CudnnOtherMajorAndOlderMinor) {
  auto t = healthy_tf();
  t.libraries[2].path.clear();
  t.libraries[2].other_versions = {"libcudnn.so.9 (9.19.0) in /usr/lib/x86_64-linux-gnu"};
  auto out = run(machine({t}));
  const auto* x = find(out, "F704");
  ASSERT_TRUE(x);
  EXPECT_NE(x->message.find("needs libcudnn.so.8 and this machine has libcudnn.so.9 (9.19.0)"), std::string::npos);
  EXPECT_FALSE(find(out, "F703"));
  auto older = healthy_tf();
  older.libraries[2].version = "8.6.0.163";
  EXPECT_TRUE(fires(machine({older}), "F704"));
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F704"));
}

TEST(FrameworkRules, F705DriverTooOld) {
  EXPECT_TRUE(fires(machine({healthy_tf()}, "8.6", "470.82.01"), "F705"));
  EXPECT_FALSE(fires(machine({healthy_tf()}, "8.6", "535.104.05"), "F705"));
  EXPECT_FALSE(fires(machine({healthy_tf()}, "8.6", ""), "F705"));  // no driver: the driver area says so
}

TEST(FrameworkRules, F706PythonOutsideTestedRangeOrWheelTag) {
  auto t = healthy_tf();
  t.python_version = "3.12";
  t.python_tag = "";
  EXPECT_TRUE(fires(machine({t}), "F706"));
  auto tag = healthy_tf();
  tag.python_tag = "3.10";
  EXPECT_TRUE(fires(machine({tag}), "F706"));
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F706"));
}

TEST(FrameworkRules, F707TwoTensorflowDistributions) {
  auto t = healthy_tf();
  t.distributions = {"tensorflow 2.15.1", "tensorflow-cpu 2.15.1"};
  EXPECT_TRUE(fires(machine({t}), "F707"));
  auto win = healthy_tf();
  win.distributions = {"tensorflow 2.15.1", "tensorflow-intel 2.15.1"};
  EXPECT_FALSE(fires(machine({win}), "F707"));
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F707"));
}

TEST(FrameworkRules, F708Keras3WithTf215) {
  auto t = healthy_tf();
  t.keras_version = "3.3.3";
  EXPECT_TRUE(fires(machine({t}), "F708"));
  t.keras_version = "2.15.0";
  EXPECT_FALSE(fires(machine({t}), "F708"));
}

namespace {
facts::FrameworkInstall jax(std::string build) {
  facts::FrameworkInstall j;
  j.framework = "jax";
  j.distribution = "jaxlib";
  j.version = "0.6.2";
  j.jax_version = "0.6.2";
  j.jaxlib_version = "0.6.2";
  j.env_prefix = "/root/venvs/j";
  j.env_kind = "venv";
  j.python_version = "3.11";
  j.build = std::move(build);
  if (j.build == "cuda") {
    j.cuda_version = "12.1";
    j.plugin = "jax-cuda12-plugin";
    j.plugin_version = "0.6.2";
    j.pjrt = "jax-cuda12-pjrt";
    j.pjrt_version = "0.6.2";
    j.ptxas = "/x/ptxas";
    j.libdevice = "/x/libdevice.10.bc";
  }
  return j;
}
}  // namespace

TEST(FrameworkRules, F709JaxWithoutPlugin) {
  auto out = run(machine({jax("cpu")}));
  const auto* x = find(out, "F709");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->fix.front(), "/root/venvs/j/bin/python -m pip install 'jax[cuda12]==0.6.2'");
  EXPECT_FALSE(fires(machine({jax("cuda")}), "F709"));
}

TEST(FrameworkRules, F710PluginJaxlibMismatch) {
  auto j = jax("cuda");
  j.plugin_version = "0.7.2";
  j.jaxlib_version = "0.7.1";
  EXPECT_TRUE(fires(machine({j}), "F710"));
  auto dev = jax("cuda");
  dev.plugin_version = "0.6.2.dev20250101";  // same numeric prefix: accepted
  dev.pjrt_version = "0.6.2.dev20250101";
  EXPECT_FALSE(fires(machine({dev}), "F710"));
}

TEST(FrameworkRules, F711NoKernelsForTheGpu) {
  auto t = healthy_tf();
  facts::GpuCode g;
  g.path = "libtensorflow_cc.so.2";
  g.sass = {50, 60, 70, 75};  // no PTX: nothing runs on 8.6
  t.gpu_code = {g};
  EXPECT_TRUE(fires(machine({t}, "8.6"), "F711"));
  EXPECT_FALSE(fires(machine({t}, "7.5"), "F711"));
  EXPECT_FALSE(fires(machine({t}, "7.5"), "F712"));
  // sm_80 SASS runs on 8.6 (same major, lower minor) but not on 9.0.
  g.sass = {80};
  t.gpu_code = {g};
  EXPECT_FALSE(fires(machine({t}, "8.6"), "F711"));
  EXPECT_TRUE(fires(machine({t}, "9.0"), "F711"));
}

TEST(FrameworkRules, F712PtxOnlyMatch) {
  // build_info of TF 2.15.1: compute_80 PTX is the only thing a 9.0 GPU can run.
  auto out = run(machine({healthy_tf()}, "9.0"));
  const auto* x = find(out, "F712");
  ASSERT_TRUE(x);
  EXPECT_NE(x->message.find("compute_80"), std::string::npos);
  EXPECT_FALSE(fires(machine({healthy_tf()}, "7.5"), "F712"));
  // An "a" target runs only on its exact capability.
  auto t = healthy_tf();
  facts::GpuCode g;
  g.sass = {90};
  g.sass_arch_specific = {90};
  g.ptx = {80};
  t.gpu_code = {g};
  EXPECT_FALSE(fires(machine({t}, "9.0"), "F712"));
}

// PTX ISA 8.7 (CUDA 12.8) on a 12.4 driver: the JIT cannot compile it (error 222).
TEST(FrameworkRules, F716PtxNewerThanTheDriverJit) {
  auto t = healthy_tf();
  facts::GpuCode g;
  g.path = t.site_packages + "/tensorflow/libtensorflow_cc.so.2";
  g.sass = {75, 80};
  g.ptx = {80};
  g.max_ptx_isa = "8.7";
  t.gpu_code = {g};
  auto out = run(machine({t}, "9.0", "550.54.14"));
  const auto* x = find(out, "F716");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->cause, "driver_too_old");
  EXPECT_NE(x->message.find("PTX ISA 8.7, which needs a CUDA 12.8 driver; this driver speaks CUDA 12.4"),
            std::string::npos)
      << x->message;
  EXPECT_NE(x->fix[0].find("570.26"), std::string::npos) << x->fix[0];
  // F712 (the JIT itself) folds under it, for this install only.
  const auto* jit = find(out, "F712");
  ASSERT_TRUE(jit);
  EXPECT_EQ(jit->explained_by, "F716");
  // The live driver's own answer wins over the kernel module's table lookup.
  auto f = machine({t}, "9.0", "550.54.14");
  f.live.cuda.driver_version = 12080;
  EXPECT_FALSE(fires(f, "F716"));
}

TEST(FrameworkRules, F716QuietWhenSassMatchesOrTheDriverIsNewEnough) {
  auto t = healthy_tf();
  facts::GpuCode g;
  g.sass = {75, 80, 90};
  g.ptx = {90};
  g.max_ptx_isa = "8.7";
  t.gpu_code = {g};
  EXPECT_FALSE(fires(machine({t}, "9.0", "550.54.14"), "F716"));  // sm_90 SASS: no JIT at all
  g.sass = {75, 80};
  t.gpu_code = {g};
  EXPECT_FALSE(fires(machine({t}, "9.0", "570.124.06"), "F716"));  // a CUDA 12.8 driver
  EXPECT_FALSE(fires(machine({t}, "9.0", ""), "F716"));            // no driver: the driver area says so
}

// Findings about two installs never fold into each other.
TEST(FrameworkRules, FoldingStaysWithinOneInstall) {
  auto a = healthy_tf();
  facts::GpuCode g;
  g.sass = {75, 80};
  g.ptx = {80};
  g.max_ptx_isa = "8.7";
  a.gpu_code = {g};
  auto b = healthy_tf();
  b.env_prefix = "/root/venvs/b";
  g.max_ptx_isa = "8.0";
  b.gpu_code = {g};
  auto out = run(machine({a, b}, "9.0", "550.54.14"));
  int jit_folded = 0, jit_root = 0;
  for (const auto& x : out)
    if (x.code == "F712") (x.explained_by.empty() ? jit_root : jit_folded)++;
  EXPECT_EQ(jit_folded, 1);
  EXPECT_EQ(jit_root, 1);
}

TEST(FrameworkRules, F713F714XlaTools) {
  auto j = jax("cuda");
  j.ptxas.clear();
  j.libdevice.clear();
  auto out = run(machine({j}));
  EXPECT_TRUE(find(out, "F713"));
  EXPECT_TRUE(find(out, "F714"));
  auto quiet = run(machine({jax("cuda")}));
  EXPECT_FALSE(find(quiet, "F713"));
  EXPECT_FALSE(find(quiet, "F714"));
}

TEST(FrameworkRules, F715LdLibraryPathShadowsWheel) {
  auto t = healthy_tf();
  t.libraries[2].path = "/usr/local/cudnn-8.6/lib/libcudnn.so.8";
  t.libraries[2].found_via = "LD_LIBRARY_PATH";
  t.libraries[2].from_wheel = false;
  t.libraries[2].shadowed_path = t.site_packages + "/nvidia/cudnn/lib/libcudnn.so.8";
  EXPECT_TRUE(fires(machine({t}), "F715"));
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F715"));
}

TEST(FrameworkRules, VerdictNamesRootCauseAndNarrowsByFramework) {
  auto t = healthy_tf();
  t.libraries[2].path.clear();
  t.libraries[2].other_versions = {"libcudnn.so.9 (9.19.0) in /usr/lib/x86_64-linux-gnu"};
  auto f = machine({t, jax("cpu")});
  auto out = run(f);
  auto v = rules::framework_verdicts(f, out);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].status, rules::FrameworkVerdict::Status::no_gpu);
  EXPECT_EQ(v[0].code, "F704");
  EXPECT_EQ(v[0].reason, "needs libcudnn.so.8 and this machine has libcudnn.so.9 (9.19.0) in /usr/lib/x86_64-linux-gnu");
  EXPECT_EQ(v[1].code, "F709");
  EXPECT_EQ(rules::framework_verdicts(f, out, "jax").size(), 1u);
}

TEST(FrameworkRules, CodesAreRegisteredWithDocsPages) {
  for (const auto& r : rules::framework_rules()) {
    EXPECT_EQ(r.info.code.substr(0, 1), "F");
    EXPECT_EQ(r.info.area, "frameworks");
    EXPECT_NE(r.fn, nullptr);
  }
  EXPECT_EQ(rules::framework_rules().size(), 22u);  // F701-F717, F720-F724 (--deep)
}

namespace {

// TensorFlow as pip installs it into a native-Windows environment (2.11+: CPU only).
facts::FrameworkInstall windows_tf(std::string version, std::string build) {
  auto t = healthy_tf();
  t.version = std::move(version);
  t.build = std::move(build);
  t.platform = "windows";
  t.env_prefix = "/mnt/c/Users/u/tfenv";
  t.site_packages = t.env_prefix + "/Lib/site-packages";
  t.package_dir = t.site_packages + "/tensorflow";
  t.build_source = t.package_dir + "/python/platform/build_info.py";
  t.libraries.clear();
  t.gpu_code.clear();
  t.compute_capabilities.clear();
  t.loader.clear();
  return t;
}

}  // namespace

TEST(FrameworkRules, F717TensorflowOnNativeWindowsExplainsTheCpuOnlyVerdict) {
  auto out = run(machine({windows_tf("2.15.1", "cpu")}));
  const auto* x = find(out, "F717");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->cause, "windows_native_unsupported");
  EXPECT_EQ(x->area, "frameworks");
  EXPECT_NE(x->message.find("2.15.1"), std::string::npos) << x->message;
  EXPECT_NE(x->message.find("/mnt/c/Users/u/tfenv"), std::string::npos) << x->message;
  EXPECT_TRUE(x->explained_by.empty());
  bool wsl_fix = std::any_of(x->fix.begin(), x->fix.end(),
                             [](const std::string& s) { return s.find("tensorflow[and-cuda]") != std::string::npos; });
  EXPECT_TRUE(wsl_fix);
  // The CPU-only verdict for the same install folds under it.
  const auto* cpu = find(out, "F701");
  ASSERT_TRUE(cpu);
  EXPECT_EQ(cpu->explained_by, "F717");
  EXPECT_EQ(cpu->subject, x->subject);
}

TEST(FrameworkRules, F717QuietForTensorflow210OnWindowsAndForLinuxEnvs) {
  // 2.10 is the last native-Windows CUDA build: its DLLs are not judged here.
  EXPECT_FALSE(fires(machine({windows_tf("2.10.1", "cuda")}), "F717"));
  EXPECT_FALSE(fires(machine({windows_tf("2.10.0", "cpu")}), "F717"));
  // The same 2.15 in a Linux environment is an ordinary CPU-only build (F701).
  auto linux_cpu = windows_tf("2.15.1", "cpu");
  linux_cpu.platform.clear();
  auto out = run(machine({linux_cpu}));
  EXPECT_FALSE(find(out, "F717"));
  ASSERT_TRUE(find(out, "F701"));
  EXPECT_TRUE(find(out, "F701")->explained_by.empty());
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F717"));
}

// PyTorch in a venv whose cuDNN wheel is missing: the toolkit's cuDNN 9.19 would load, and
// torch (compiled against 9.26, as its pinned wheel says) refuses an older minor.
TEST(FrameworkRules, F704TorchRefusesAnOlderCudnnMinor) {
  auto t = healthy_tf();
  t.framework = "torch";
  t.distribution = "torch";
  t.version = "2.15.0";
  t.libraries[2].soname = "libcudnn.so.9";
  t.libraries[2].path = "/usr/local/cuda-13.0/lib/libcudnn.so.9";
  t.libraries[2].version = "9.19.0";
  t.libraries[2].from_wheel = false;
  t.libraries[2].min_version = "9.26";
  t.libraries[2].min_version_source = "pinned requirement nvidia-cudnn-cu13==9.26.0.51 (torch's METADATA)";
  auto out = run(machine({t}));
  const auto* x = find(out, "F704");
  ASSERT_TRUE(x);
  EXPECT_NE(x->message.find("would load cuDNN 9.19.0"), std::string::npos) << x->message;
  EXPECT_NE(x->message.find("older than the 9.26 it pins"), std::string::npos) << x->message;
  EXPECT_NE(x->explanation.find("could not be read"), std::string::npos);  // says the floor is the pin

  auto same = t;  // 9.26.x itself, and a newer minor, are accepted
  same.libraries[2].version = "9.26.0.51";
  EXPECT_FALSE(fires(machine({same}), "F704"));
  same.libraries[2].version = "9.30.1";
  EXPECT_FALSE(fires(machine({same}), "F704"));
  auto compiled = t;  // read from the wheel's build strings: "was built with"
  compiled.libraries[2].min_version_source = "torch/include/caffe2/core/macros.h";
  auto out2 = run(machine({compiled}));
  ASSERT_TRUE(find(out2, "F704"));
  EXPECT_NE(find(out2, "F704")->message.find("it was built with"), std::string::npos);
  auto skip = machine({t});  // PyTorch's own switch turns its check off
  skip.env.vars["PYTORCH_SKIP_CUDNN_COMPATIBILITY_CHECK"] = "1";
  EXPECT_FALSE(fires(skip, "F704"));
  auto old = t;  // before cuDNN 7, PyTorch wants the minor equal
  old.libraries[2].version = "6.1.0";
  old.libraries[2].min_version = "6.0";
  EXPECT_TRUE(fires(machine({old}), "F704"));
  old.libraries[2].version = "6.0.21";
  EXPECT_FALSE(fires(machine({old}), "F704"));
}

// A flash-attn built for CUDA 11 beside a PyTorch that loads the CUDA 12 runtime.
static facts::FrameworkInstall torch_with_extension(std::vector<std::string> needed) {
  auto t = healthy_tf();
  t.framework = "torch";
  t.distribution = "torch";
  t.version = "2.4.0";
  t.cuda_version = "12.1";
  facts::CompiledExtension e;
  e.path = t.site_packages + "/flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so";
  e.cuda_needed = std::move(needed);
  t.extensions.push_back(e);
  return t;
}

TEST(FrameworkRules, F725ExtensionBuiltForAnotherCudaMajor) {
  auto t = torch_with_extension({"libc10_cuda.so", "libcudart.so.11.0"});
  ASSERT_EQ(t.libraries[0].soname.rfind("libcudart.so.", 0), 0u) << t.libraries[0].soname;
  auto out = run(machine({t}));
  const auto* x = find(out, "F725");
  ASSERT_TRUE(x);
  EXPECT_NE(x->message.find("flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so was built against libcudart.so.11.0"),
            std::string::npos)
      << x->message;
  EXPECT_NE(x->message.find("PyTorch loads " + t.libraries[0].soname), std::string::npos) << x->message;
  EXPECT_EQ(x->severity, findings::Severity::warning);
}

TEST(FrameworkRules, F725QuietWhenTheExtensionMatchesOrIsNotTorchs) {
  auto t = healthy_tf();
  auto same = torch_with_extension({"libc10_cuda.so", t.libraries[0].soname});
  EXPECT_FALSE(fires(machine({same}), "F725"));
  auto none = torch_with_extension({"libc10_cuda.so"});
  EXPECT_FALSE(fires(machine({none}), "F725"));
  auto tf = torch_with_extension({"libcudart.so.11.0"});
  tf.framework = "tensorflow";  // only PyTorch's extensions are read
  EXPECT_FALSE(fires(machine({tf}), "F725"));
  EXPECT_FALSE(fires(machine({healthy_tf()}), "F725"));
}
