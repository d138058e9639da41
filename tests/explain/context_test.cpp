// The context readers: what a pasted report shows besides log lines becomes the probe's facts
// (judged by the same static rules) or evidence that decides between the causes a message
// allows, and a paste about an unused GPU is never answered with silence. Partial facts never
// produce findings from what the paste does not show.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "explain/context.hpp"
#include "explain/paste_text.hpp"
#include "explain_test_util.hpp"
#include "rules/registry.hpp"

using namespace gpudoctor::explain;
using namespace gpudoctor::explain::testing;

namespace {

bool from_paste(const gpudoctor::findings::Finding& f) {
  for (const auto& e : f.evidence)
    if (e.what.rfind("from the paste", 0) == 0) return true;
  return false;
}

const gpudoctor::findings::Finding* top(const ExplainResult& r) {
  for (auto sev : {gpudoctor::findings::Severity::error, gpudoctor::findings::Severity::warning})
    for (const auto& f : r.findings)
      if (f.explained_by.empty() && f.severity == sev) return &f;
  return nullptr;
}

}  // namespace

TEST(PasteText, StripsMarkdownPromptsAndEntities) {
  std::string buf;
  auto clean = [&](std::string_view s) { return std::string(clean_segment(s, buf).text); };
  EXPECT_EQ(clean("> > Could not load dynamic library &#39;libcudart.so.11.0&#39;"),
            "Could not load dynamic library 'libcudart.so.11.0'");
  EXPECT_EQ(clean("$ nvidia-smi"), "nvidia-smi");
  EXPECT_EQ(clean("(venv) user@box:~/proj$ python train.py"), "python train.py");
  EXPECT_EQ(clean("PS C:\\Users\\me> python -c \"import torch\""), "python -c \"import torch\"");
  EXPECT_EQ(clean(">>> torch.cuda.is_available()"), "torch.cuda.is_available()");
  EXPECT_EQ(clean_segment(">>> torch.cuda.is_available()", buf).prompt, Prompt::python);
  EXPECT_EQ(clean("In [3]: jax.devices()"), "jax.devices()");
  EXPECT_EQ(clean("a &lt;b&gt; &amp; &quot;c&quot;"), "a <b> & \"c\"");
  EXPECT_TRUE(clean_segment("```python", buf).fence);
  EXPECT_TRUE(clean_segment("> ```", buf).fence);
  // Untouched: a log line, and an entity-like text that is none.
  EXPECT_EQ(clean("2024-01-01 W tensorflow/core/x.cc:1] text"), "2024-01-01 W tensorflow/core/x.cc:1] text");
  EXPECT_EQ(clean("AT&T &unknown; &#99999;"), "AT&T &unknown; &#99999;");
}

TEST(ExplainContext, AMarkdownIssueBodyIsReadLikeALog) {
  auto r = explain_paste(
      "### Describe the bug\n"
      "GPU not found.\n"
      "```\n"
      "2021-04-09 19:52:41.024315: W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not load "
      "dynamic library &#39;libcudart.so.11.0&#39;; dlerror: libcudart.so.11.0: cannot open shared object file: No "
      "such file or directory\n"
      "```\n"
      "> No devices were found\n");
  ASSERT_NE(find_code(r, "X801"), nullptr);
  EXPECT_EQ(find_code(r, "X801")->cause, "cuda_libs_missing");
}

TEST(ExplainContext, PastedEnvironmentFiresTheStaticRuleForTheVariable) {
  // A shell transcript hiding the GPUs, then the framework's answer.
  auto r = explain_paste("$ export CUDA_VISIBLE_DEVICES=-1\n$ python\n>>> import torch\n>>> torch.cuda.is_available()\nFalse\n");
  const auto* f = find_code(r, "E501");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cause, "visible_devices_hidden");
  EXPECT_TRUE(from_paste(*f));
  EXPECT_EQ(top(r)->code, "E501");
  EXPECT_EQ(find_code(r, "X833"), nullptr);  // decided, so no ranking
  EXPECT_EQ(r.context.facts.env.vars.at("CUDA_VISIBLE_DEVICES"), "-1");
  // `env` output with the variable set to empty.
  auto e = explain_paste("HOME=/root\nCUDA_VISIBLE_DEVICES=\nPATH=/usr/bin\n");
  ASSERT_NE(find_code(e, "E501"), nullptr);
}

TEST(ExplainContext, StubsDirectoryInAPastedLdLibraryPathFiresTheStubRule) {
  auto r = explain_paste("$ echo $LD_LIBRARY_PATH\n/usr/local/cuda/lib64/stubs:/usr/local/cuda/lib64\n");
  const auto* f = find_code(r, "L302");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cause, "libcuda_stub");
  EXPECT_TRUE(from_paste(*f));
  // And from ldd.
  auto l = explain_paste("$ ldd libtorch_cuda.so | grep cuda\n\tlibcuda.so.1 => /usr/local/cuda-12.1/lib64/stubs/libcuda.so.1 (0x00007f)\n");
  ASSERT_NE(find_code(l, "L302"), nullptr);
  // And from a loader error naming the stub; the unknown cuInit error folds under it.
  auto ct = explain_paste("Call to cuInit results in UNKNOWN_CUDA_ERROR\n"
                          "AttributeError: /opt/cuda-12.1/lib64/stubs/libcuda.so: undefined symbol: _undef\n");
  ASSERT_NE(find_code(ct, "L302"), nullptr);
  EXPECT_EQ(top(ct)->code, "L302");
  EXPECT_EQ(find_code(ct, "X807")->explained_by, "L302");
  EXPECT_EQ(find_code(ct, "L302")->evidence.at(0).what, "/opt/cuda-12.1/lib64/stubs/libcuda.so");
}

TEST(ExplainContext, PackageListingsShowCpuOnlyBuilds) {
  auto pip = explain_paste("$ pip list | grep torch\ntorch                    2.1.0+cpu\ntorchvision              0.16.0+cpu\n");
  ASSERT_NE(find_code(pip, "F701"), nullptr);
  EXPECT_EQ(find_code(pip, "F701")->cause, "cpu_only_build");
  auto freeze = explain_paste("torch==1.13.1+cpu\nnumpy==1.24.0\n");
  ASSERT_NE(find_code(freeze, "F701"), nullptr);
  auto conda = explain_paste("# Name    Version   Build  Channel\npytorch   2.1.0   cpu_py311h6d93b4c_0   conda-forge\n");
  ASSERT_NE(find_code(conda, "F701"), nullptr);
  auto spec = explain_paste("torch.cuda.is_available=**False** after install; the package list says pytorch=1.9.0=py3.8_cpu_0\n");
  ASSERT_NE(find_code(spec, "F701"), nullptr);
  EXPECT_EQ(spec.context.gpu_available, Tri::no);
  auto tf = explain_paste(">>> tf.test.is_built_with_cuda()\nFalse\n");
  ASSERT_NE(find_code(tf, "F701"), nullptr);
  // A CUDA build is no finding by itself.
  auto cuda = explain_paste("torch==2.1.0+cu121\npytorch 2.1.0 py3.11_cuda12.1_cudnn8.9.2_0 pytorch\n");
  EXPECT_TRUE(cuda.findings.empty());
  EXPECT_EQ(cuda.context.facts.frameworks.installs.at(0).build, "cuda");
}

TEST(ExplainContext, CollectEnvAndNvidiaSmiGiveTheDriverAndTheBuild) {
  // PyTorch's collect_env: a CPU-only build.
  auto cpu = explain_paste("PyTorch version: 2.0.1+cpu\nIs debug build: False\nCUDA used to build PyTorch: None\n"
                           "Is CUDA available: False\n");
  ASSERT_NE(find_code(cpu, "F701"), nullptr);
  EXPECT_EQ(top(cpu)->cause, "cpu_only_build");
  // A CUDA 12.1 wheel under a driver that supports CUDA 11.4: the static driver rule judges it.
  auto old = explain_paste(
      "torch==2.1.0+cu121\n"
      "| NVIDIA-SMI 470.182.03   Driver Version: 470.182.03   CUDA Version: 11.4     |\n"
      ">>> torch.cuda.is_available()\nFalse\n");
  const auto* f = find_code(old, "F705");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cause, "driver_too_old");
  EXPECT_TRUE(from_paste(*f));
  EXPECT_EQ(old.context.facts.frameworks.installs.at(0).cuda_version, "12.1");
  // The same wheel under a new enough driver: no driver finding.
  auto ok = explain_paste("torch==2.1.0+cu121\n| NVIDIA-SMI 550.54.14   Driver Version: 550.54.14   CUDA Version: 12.4 |\n");
  EXPECT_EQ(find_code(ok, "F705"), nullptr);
}

TEST(ExplainContext, TensorFlowAfter210OnNativeWindows) {
  auto r = explain_paste("PS C:\\Users\\me> pip list\ntensorflow                   2.12.0\n"
                         ">>> tf.config.list_physical_devices('GPU')\n[]\n");
  const auto* f = find_code(r, "F717");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(top(r)->cause, "windows_native_unsupported");
  EXPECT_TRUE(from_paste(*f));
  auto ver = explain_paste("C:\\Users\\me\\venv\\Scripts\\python.exe\n>>> tf.__version__\n'2.15.0'\n");
  ASSERT_NE(find_code(ver, "F717"), nullptr);
  // 2.10 still had a Windows CUDA build; Linux paths are no Windows.
  EXPECT_EQ(find_code(explain_paste("PS C:\\x> pip list\ntensorflow 2.10.1\n"), "F717"), nullptr);
  EXPECT_EQ(find_code(explain_paste("tensorflow 2.12.0\n>>> tf.config.list_physical_devices('GPU')\n[]\n"), "F717"), nullptr);
}

TEST(ExplainContext, AnUndecidedPasteRanksTheCausesAndNamesTheDecidingCheck) {
  auto r = explain_paste(">>> import torch\n>>> torch.cuda.is_available()\nFalse\n");
  const auto* f = find_code(r, "X833");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(r.has_error());
  EXPECT_NE(f->message.find("cpu_only_build"), std::string::npos);
  ASSERT_FALSE(f->fix.empty());
  EXPECT_NE(f->fix[0].find("torch.version.cuda"), std::string::npos);
  // What the paste rules out drops from the list: a CUDA build, a working nvidia-smi.
  auto ruled = explain_paste(
      "torch==2.1.0+cu121\n"
      "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2     |\n"
      "|   0  NVIDIA GeForce RTX 3090    Off | 00000000:01:00.0  On |                  N/A |\n"
      "In [2]: torch.cuda.is_available()\nOut[2]: False\n");
  const auto* g = find_code(ruled, "X833");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->message.find("cpu_only_build"), std::string::npos);
  EXPECT_EQ(g->message.find("no_gpu_hardware"), std::string::npos);
  bool ruled_out = false;
  for (const auto& e : g->evidence) ruled_out = ruled_out || (e.what == "ruled out by the paste" && e.value.find("cpu_only_build") != std::string::npos);
  EXPECT_TRUE(ruled_out);
  // Prose counts too; JAX ranks its plugin first.
  auto prose = explain_paste("After installing, torch.cuda.is_available() returns False on my laptop.\n");
  ASSERT_NE(find_code(prose, "X833"), nullptr);
  auto jax = explain_paste(">>> jax.devices()\n[CpuDevice(id=0)]\n");
  const auto* j = find_code(jax, "X833");
  ASSERT_NE(j, nullptr);
  EXPECT_LT(j->message.find("jax_no_cuda_plugin"), j->message.find("cpu_only_build"));
}

TEST(ExplainContext, NoDeviceTakesTheCauseTheRestOfThePasteShows) {
  const std::string no_device =
      "E tensorflow/stream_executor/cuda/cuda_driver.cc:271] failed call to cuInit: CUDA_ERROR_NO_DEVICE: no "
      "CUDA-capable device is detected\n";
  // Alone: the default reading.
  EXPECT_EQ(find_code(explain_paste(no_device), "X808")->cause, "visible_devices_hidden");
  // docker run without --gpus.
  auto docker = explain_paste("$ docker run -it --rm tensorflow/tensorflow:2.4.0-gpu python train.py\n" + no_device);
  EXPECT_EQ(find_code(docker, "X808")->cause, "container_no_gpu");
  ASSERT_NE(find_code(docker, "X831"), nullptr);
  EXPECT_EQ(top(docker)->cause, "container_no_gpu");
  // ... but not with --gpus (also continued over lines).
  auto gpus = explain_paste("$ docker run -it --rm \\\n    --gpus all \\\n    tensorflow/tensorflow:2.4.0-gpu\n" + no_device);
  EXPECT_EQ(find_code(gpus, "X831"), nullptr);
  EXPECT_EQ(gpus.context.docker_gpus, Tri::yes);
  // nvidia-smi finds no GPU.
  auto smi = explain_paste("$ nvidia-smi\nNo devices were found\n" + no_device);
  EXPECT_EQ(find_code(smi, "X808")->cause, "no_gpu_hardware");
  ASSERT_NE(find_code(smi, "X834"), nullptr);
  // lspci lists display controllers, none NVIDIA.
  auto pci = explain_paste("$ lspci | grep -i vga\n00:02.0 VGA compatible controller: Cirrus Logic GD 5446\n" + no_device);
  EXPECT_EQ(find_code(pci, "X808")->cause, "no_gpu_hardware");
  // The reporter says so; PyTorch's "no NVIDIA driver" then means no GPU at all.
  auto prose = explain_paste(
      "On a machine with no GPU I still get:\nUserWarning: CUDA initialization: Found no NVIDIA driver on your system. "
      "Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx\n");
  EXPECT_EQ(top(prose)->cause, "no_gpu_hardware");
  auto has_gpu = explain_paste(
      "I have a GPU (RTX 3090).\nUserWarning: CUDA initialization: Found no NVIDIA driver on your system. "
      "Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx\n");
  EXPECT_EQ(top(has_gpu)->cause, "driver_not_installed");
  // TensorFlow's own conditional advice is no statement about the machine.
  auto advice = explain_paste("I tensorflow/stream_executor/cuda/cudart_stub.cc:29] Ignore above cudart dlerror if you do "
                              "not have a GPU set up on your machine.\n" + no_device);
  EXPECT_EQ(advice.context.gpu_listed, Tri::unknown);
  // nvidia_uvm missing from a device-node listing.
  auto uvm = explain_paste(
      "$ ls -l /dev/nvidia*\ncrw-rw-rw- 1 root root 195,   0 Jan  1 00:00 /dev/nvidia0\n"
      "crw-rw-rw- 1 root root 195, 255 Jan  1 00:00 /dev/nvidiactl\n" + no_device);
  EXPECT_EQ(find_code(uvm, "X808")->cause, "driver_not_loaded");
  // CUDA_VISIBLE_DEVICES in the paste wins over everything else.
  auto hidden = explain_paste("CUDA_VISIBLE_DEVICES=\"\" python train.py\n$ docker run img\n" + no_device);
  EXPECT_EQ(find_code(hidden, "X808")->cause, "visible_devices_hidden");
}

TEST(ExplainContext, UnknownErrorTakesTheCauseTheRestOfThePasteShows) {
  const std::string unknown = "F0528 22:26:23.117558 13844 syncedmem.hpp:18] Check failed: error == cudaSuccess (30 vs. 0) unknown error\n";
  EXPECT_EQ(find_code(explain_paste(unknown), "X807")->cause, "driver_suspend_resume");
  auto lsmod = explain_paste("$ lsmod | grep nvidia\nnvidia_drm             69632  0\nnvidia_modeset       1241088  1 nvidia_drm\n"
                             "nvidia              56512512  1 nvidia_modeset\n" + unknown);
  EXPECT_EQ(find_code(lsmod, "X807")->cause, "driver_not_loaded");
  auto modprobe = explain_paste("$ sudo modprobe nvidia_uvm\nmodprobe: FATAL: Module nvidia_uvm not found in directory /lib/modules/6.5.0\n" + unknown);
  EXPECT_EQ(find_code(modprobe, "X807")->cause, "driver_not_loaded");
  // nvidia_uvm loaded: the default stays.
  auto loaded = explain_paste("nvidia_uvm           1531904  0\nnvidia_drm             69632  0\n" + unknown);
  EXPECT_EQ(find_code(loaded, "X807")->cause, "driver_suspend_resume");
}

TEST(ExplainContext, KubernetesAndComposeWithoutGpus) {
  const std::string err = "RuntimeError: No CUDA GPUs are available\n";
  auto pod = explain_paste(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: train\nspec:\n  containers:\n  - name: train\n"
      "    image: pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime\n    resources:\n      limits:\n        memory: 8Gi\n" + err);
  ASSERT_NE(find_code(pod, "X832"), nullptr);
  EXPECT_EQ(top(pod)->cause, "k8s_no_gpu_request");
  auto with_gpu = explain_paste(
      "kind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: t\n        resources:\n"
      "          limits:\n            nvidia.com/gpu: 1\n" + err);
  EXPECT_EQ(find_code(with_gpu, "X832"), nullptr);
  auto compose = explain_paste("services:\n  app:\n    image: my/app\n    command: python train.py\n" + err);
  ASSERT_NE(find_code(compose, "X831"), nullptr);
  auto compose_gpu = explain_paste(
      "services:\n  app:\n    image: my/app\n    deploy:\n      resources:\n        reservations:\n          devices:\n"
      "            - driver: nvidia\n              count: all\n              capabilities: [gpu]\n" + err);
  EXPECT_EQ(find_code(compose_gpu, "X831"), nullptr);
}

TEST(ExplainContext, RootButNotUserMeansDevicePermission) {
  auto r = explain_paste(
      "$ python -c 'import torch; print(torch.cuda.is_available())'\nFalse\n"
      "$ sudo python -c 'import torch; print(torch.cuda.is_available())'\nTrue\n");
  const auto* f = find_code(r, "X827");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cause, "device_permission");
}

TEST(ExplainContext, PipWithoutAWheelForThisPython) {
  auto r = explain_paste(
      "$ python --version\nPython 3.13.0\n$ pip install tensorflow\n"
      "ERROR: Could not find a version that satisfies the requirement tensorflow (from versions: none)\n"
      "ERROR: No matching distribution found for tensorflow\n");
  const auto* f = find_code(r, "X835");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("3.13"), std::string::npos);
  EXPECT_EQ(f->cause, "python_version_unsupported");
}

TEST(ExplainContext, ToolVersionsAreRead) {
  auto r = explain_paste(
      "$ nvcc --version\nnvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 11.8, V11.8.89\n"
      "| NVIDIA-SMI 470.182.03   Driver Version: 470.182.03   CUDA Version: 11.4     |\n");
  EXPECT_EQ(r.context.nvcc_version, "11.8");
  EXPECT_EQ(r.context.driver_version, "470.182.03");
  EXPECT_EQ(r.context.smi_cuda_version, "11.4");
  EXPECT_TRUE(r.findings.empty());
}

// Missing is not empty: what a paste does not show never becomes a finding.
TEST(ExplainContext, PartialFactsGiveNoFindingsOnTheirOwn) {
  for (const char* paste : {
           "CUDA_VISIBLE_DEVICES=0\n",
           "export LD_LIBRARY_PATH=/usr/local/cuda/lib64:$LD_LIBRARY_PATH\n",
           "torch==2.1.0+cu121\n",
           "$ docker run -it ubuntu bash\n",  // no GPU question in the paste
           "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: nginx\n",
           "$ lspci\n00:02.0 VGA compatible controller: Intel Corporation UHD Graphics 630\n",
           "crw-rw-rw- 1 root root 195,   0 Jan  1 00:00 /dev/nvidia0\n",
           ">>> torch.cuda.is_available()\nTrue\n",
           ">>> jax.devices()\n[CudaDevice(id=0)]\n",
       }) {
    SCOPED_TRACE(paste);
    auto r = explain_paste(paste);
    EXPECT_FALSE(r.has_error()) << r.findings[0].code;
  }
  // The facts object holds only what was pasted.
  auto r = explain_paste("CUDA_VISIBLE_DEVICES=0\n");
  EXPECT_TRUE(r.context.known.env);
  EXPECT_FALSE(r.context.known.libcuda);
  EXPECT_FALSE(r.context.known.frameworks);
  EXPECT_TRUE(r.context.facts.pci.gpus.empty());
  EXPECT_EQ(r.context.facts.env.vars.size(), 1u);
}

// Every paste_* code fires from a paste (the log rows' examples cannot reach them).
TEST(ExplainContext, EveryPasteCodeIsReachable) {
  std::set<std::string> seen;
  for (const char* paste : {
           "$ docker run img\nRuntimeError: No CUDA GPUs are available\n",
           "kind: Pod\nspec:\n  containers:\n  - name: t\nRuntimeError: No CUDA GPUs are available\n",
           ">>> torch.cuda.is_available()\nFalse\n",
           "No devices were found\nRuntimeError: No CUDA GPUs are available\n",
           "ERROR: No matching distribution found for torch\n",
       })
    for (const auto& f : explain_paste(paste).findings) seen.insert(f.code);
  for (const auto& r : gpudoctor::rules::explain_rules())
    if (std::string_view(r.info.slug).substr(0, 6) == "paste_") {
      EXPECT_TRUE(seen.count(std::string(r.info.code))) << r.info.code;
    }
}

TEST(ExplainContext, KeywordsFitTheMatcher) {
  const auto& k = ContextReader::keywords();
  EXPECT_LE(k.size(), 64u);
  for (const auto& w : k) {
    EXPECT_GE(w.size(), 3u) << w;
    for (char c : w) EXPECT_FALSE(c >= 'A' && c <= 'Z') << w;  // the matcher folds to lower case
  }
}
