// Combining a log with this machine's facts, on hand-made facts objects (the library probe
// fills the same fields on a real machine).
#include <gtest/gtest.h>

#include "explain/with_facts.hpp"
#include "explain_test_util.hpp"

using namespace gpudoctor;
using namespace gpudoctor::explain;
using namespace gpudoctor::explain::testing;

namespace {

facts::LibraryCandidate cand(std::string path, std::string version, bool on_path, bool stub = false) {
  facts::LibraryCandidate c;
  c.path = path;
  c.real_path = path;
  c.soname = path.substr(path.find_last_of('/') + 1);
  c.version = std::move(version);
  c.on_loader_path = on_path;
  c.is_stub = stub;
  return c;
}

facts::LibraryFacts lib(std::string id, std::string display, std::vector<facts::LibraryCandidate> cs, int selected = -1) {
  facts::LibraryFacts l;
  l.id = std::move(id);
  l.display = std::move(display);
  l.candidates = std::move(cs);
  l.selected = selected;
  return l;
}

std::string evidence(const findings::Finding& f) {
  std::string out;
  for (const auto& e : f.evidence)
    if (e.what == "this machine") out += e.value + "\n";
  return out;
}

ExplainResult with(const std::string& log, const facts::Facts& f) {
  auto r = explain_text(log, the_mkb());
  add_machine_facts(r, f, the_mkb(), the_kb());
  return r;
}

const char* kCudnn8 =
    "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; "
    "dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory\n";

}  // namespace

TEST(ExplainWithFacts, NamesTheOtherVersionThisMachineHas) {
  facts::Facts f;
  f.libraries.push_back(lib("cudnn", "cuDNN", {cand("/usr/local/cuda/lib64/libcudnn.so.9", "9.19.0", true)}, 0));
  auto r = with(kCudnn8, f);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(evidence(r.findings[0]),
            "the log wants libcudnn.so.8; this machine has cuDNN 9.19.0 at /usr/local/cuda/lib64/libcudnn.so.9 only\n");
}

TEST(ExplainWithFacts, SameSonameOffTheLoaderPathSaysWhereToPointIt) {
  facts::Facts f;
  f.libraries.push_back(lib("cudnn", "cuDNN",
                            {cand("/opt/venv/lib/python3.11/site-packages/nvidia/cudnn/lib/libcudnn.so.8", "8.9.7", false)}));
  auto r = with(kCudnn8, f);
  EXPECT_NE(evidence(r.findings.at(0)).find("not on the loader path: add "
                                            "/opt/venv/lib/python3.11/site-packages/nvidia/cudnn/lib to LD_LIBRARY_PATH"),
            std::string::npos);
}

TEST(ExplainWithFacts, SameSonameOnTheLoaderPathMeansTheLogIsFromElsewhere) {
  facts::Facts f;
  f.libraries.push_back(lib("cudnn", "cuDNN", {cand("/usr/lib/x86_64-linux-gnu/libcudnn.so.8", "8.9.7", true)}, 0));
  auto r = with(kCudnn8, f);
  EXPECT_NE(evidence(r.findings.at(0)).find("another environment"), std::string::npos);
}

TEST(ExplainWithFacts, NothingAtAll) {
  facts::Facts f;
  f.libraries.push_back(lib("cudnn", "cuDNN", {}));
  auto r = with(kCudnn8, f);
  EXPECT_EQ(evidence(r.findings.at(0)), "the log wants libcudnn.so.8; this machine has no cuDNN at all\n");
}

TEST(ExplainWithFacts, LibrariesTheProbeDidNotLookAtAddNothing) {
  facts::Facts f;  // no libraries probed
  auto r = with(kCudnn8, f);
  EXPECT_EQ(evidence(r.findings.at(0)), "");
}

TEST(ExplainWithFacts, StubLibcudaChangesTheCause) {
  facts::Facts f;
  f.libraries.push_back(lib("libcuda", "CUDA driver (libcuda)",
                            {cand("/usr/local/cuda/lib64/stubs/libcuda.so.1", "", true, true)}, 0));
  auto r = with("failed call to cuInit: UNKNOWN ERROR (303)", f);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].cause, "libcuda_stub");
  EXPECT_NE(evidence(r.findings[0]).find("stubs/libcuda.so.1"), std::string::npos);
}

TEST(ExplainWithFacts, NoDeviceWithVisibleDevicesSet) {
  facts::Facts f;
  f.env.vars["CUDA_VISIBLE_DEVICES"] = "-1";
  auto r = with("failed call to cuInit: CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected", f);
  EXPECT_EQ(evidence(r.findings.at(0)), "CUDA_VISIBLE_DEVICES is '-1' here\n");
  EXPECT_EQ(r.findings[0].cause, "visible_devices_hidden");
}

TEST(ExplainWithFacts, NoDeviceAndNoGpuOnTheBus) {
  facts::Facts f;
  f.pci.sysfs_readable = true;
  auto r = with("RuntimeError: No CUDA GPUs are available", f);
  EXPECT_EQ(r.findings.at(0).cause, "no_gpu_hardware");
}

TEST(ExplainWithFacts, DriverTooOldUsesTheKnowledgeBase) {
  facts::Facts f;
  f.driver.version = "470.57.02";
  auto r = with("nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.2, please update your driver",
                f);
  std::string ev = evidence(r.findings.at(0));
  EXPECT_NE(ev.find("the driver here is 470.57.02"), std::string::npos);
  EXPECT_NE(ev.find("CUDA 12.2 needs driver "), std::string::npos) << ev;
  EXPECT_NE(ev.find(": too old"), std::string::npos) << ev;
}

TEST(ExplainWithFacts, DriverNotRunningSaysWhetherTheModuleIsInstalled) {
  facts::Facts f;
  f.driver.module_installed = true;
  f.driver.module_path = "/lib/modules/6.1.0/updates/dkms/nvidia.ko";
  auto r = with("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.", f);
  EXPECT_EQ(r.findings.at(0).cause, "driver_not_loaded");
  facts::Facts g;
  auto s = with("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.", g);
  EXPECT_EQ(s.findings.at(0).cause, "driver_not_installed");
}

TEST(ExplainWithFacts, TensorflowSkippedGpuListsWhatTheLoaderCannotFind) {
  facts::Facts f;
  f.libraries.push_back(lib("cudart", "CUDA runtime", {cand("/usr/local/cuda/lib64/libcudart.so.12", "12.4.127", true)}, 0));
  f.libraries.push_back(lib("cudnn", "cuDNN", {}));
  auto r = with("W gpu_device.cc:2256] Cannot dlopen some GPU libraries. Please make sure the missing libraries", f);
  EXPECT_EQ(evidence(r.findings.at(0)), "the loader finds no cuDNN here\n");
}

TEST(ExplainWithFacts, LibcudaMissingInsideAContainer) {
  facts::Facts f;
  f.host.container = "docker";
  f.libraries.push_back(lib("libcuda", "CUDA driver (libcuda)", {}));
  auto r = with("E cuda_driver.cc:351] failed call to cuInit: UNKNOWN ERROR (303)", f);
  EXPECT_EQ(r.findings.at(0).cause, "container_no_gpu");
  EXPECT_NE(evidence(r.findings[0]).find("docker container"), std::string::npos);
}
