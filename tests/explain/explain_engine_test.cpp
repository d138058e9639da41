// explain_log end to end on hand-written logs: root causes first, captured values in the
// message, noise listed as benign, every code firing on one line and quiet on its near miss,
// and bad input (NUL, invalid UTF-8, huge lines, ANSI) handled.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "explain/line_matcher.hpp"
#include "explain_test_util.hpp"

using namespace gpudoctor;
using namespace gpudoctor::explain;
using namespace gpudoctor::explain::testing;

namespace {

ExplainResult run(const std::string& log) { return explain_text(log, the_mkb()); }

bool has_code(const ExplainResult& r, std::string_view code) { return find_code(r, code) != nullptr; }

}  // namespace

TEST(ExplainEngine, DsoLinesAreTheRootOfCannotDlopen) {
  auto r = run(
      "2021-04-09 19:52:41.0: W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not load dynamic "
      "library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or "
      "directory\n"
      "2021-04-09 19:52:41.1: I tensorflow/stream_executor/cuda/cudart_stub.cc:29] Ignore above cudart dlerror if you "
      "do not have a GPU set up on your machine.\n"
      "2021-04-09 19:52:42.0: I tensorflow/stream_executor/cuda/cuda_gpu_executor.cc:937] successful NUMA node read "
      "from SysFS had negative value (-1), but there must be at least one NUMA node, so returning NUMA node zero\n"
      "2021-04-09 19:52:42.1: W tensorflow/core/common_runtime/gpu/gpu_device.cc:1766] Cannot dlopen some GPU "
      "libraries. Please make sure the missing libraries mentioned above are installed properly if you would like to "
      "use GPU.\n"
      "Skipping registering GPU devices...\n");
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].code, "X801");
  EXPECT_TRUE(r.findings[0].explained_by.empty());
  EXPECT_EQ(r.findings[0].cause, "cuda_libs_missing");
  EXPECT_NE(r.findings[0].message.find("libcudart.so.11.0"), std::string::npos);
  EXPECT_NE(r.findings[0].message.find("CUDA 11.x runtime"), std::string::npos);
  EXPECT_NE(r.findings[0].message.find("TensorFlow 2.4-2.14"), std::string::npos);
  EXPECT_EQ(r.findings[1].code, "X823");
  EXPECT_EQ(r.findings[1].explained_by, "X801");
  ASSERT_EQ(r.lines[0].lines.size(), 1u);
  EXPECT_EQ(r.lines[0].lines[0].line, 1u);
  EXPECT_EQ(r.lines[0].lines[0].pattern, "tf.dso_load_failed");
  EXPECT_EQ(r.lines[1].count, 2u);  // "Cannot dlopen" and "Skipping registering"
  // The NUMA and "Ignore above" lines are listed as harmless.
  ASSERT_EQ(r.benign.size(), 2u);
  EXPECT_EQ(r.benign[1].pattern, "tf.numa_negative");
  EXPECT_EQ(r.benign[1].lines[0].line, 3u);
  EXPECT_EQ(r.stats.scan.lines, 5u);
  EXPECT_TRUE(r.has_error());
}

TEST(ExplainEngine, CapturedVersionsBecomeTheMessage) {
  auto r = run("E tensorflow/stream_executor/cuda/cuda_dnn.cc:361] Loaded runtime CuDNN library: 8.1.0 but source was "
               "compiled with: 8.6.0.  CuDNN library needs to have matching major version and equal or higher minor "
               "version.\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "X803");
  EXPECT_EQ(r.findings[0].message, "cuDNN 8.1.0 loaded, 8.6.0 needed");
  auto j = run("CUDA backend failed to initialize: Found cuDNN version 8600, but JAX was built against version 8906, "
               "which is newer.");
  EXPECT_EQ(j.findings.at(0).message, "cuDNN 8.6.0 found, JAX needs 8.9.6 or newer");
}

TEST(ExplainEngine, ComputeCapabilityLinesNameTheGpuAndTheMinimum) {
  auto r = run("I tensorflow/core/common_runtime/gpu/gpu_device.cc:1700] Ignoring visible gpu device (device: 0, name: "
               "GeForce GTX 670, pci bus id: 0000:01:00.0, compute capability: 3.0) with Cuda compute capability 3.0. "
               "The minimum required Cuda capability is 3.5.\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "the GPU has compute capability 3.0; this TensorFlow needs at least 3.5");
  EXPECT_EQ(r.findings[0].cause, "compute_capability_unsupported");
}

TEST(ExplainEngine, CuInitErrorsAreReadByTheirCuresult) {
  EXPECT_EQ(top_cause(run("E cuda_driver.cc:313] failed call to cuInit: UNKNOWN ERROR (303)")), "libcuda_missing");
  EXPECT_EQ(top_cause(run("E cuda_driver.cc:271] failed call to cuInit: CUDA_ERROR_NO_DEVICE: no CUDA-capable device "
                          "is detected")),
            "visible_devices_hidden");
  EXPECT_EQ(top_cause(run("failed call to cuInit: CUDA_ERROR_SYSTEM_DRIVER_MISMATCH: system has unsupported display "
                          "driver / cuda driver combination")),
            "driver_userland_mismatch");
  EXPECT_EQ(top_cause(run("failed call to cuInit: CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE: forward compatibility "
                          "was attempted on non supported HW")),
            "driver_too_old");
  EXPECT_EQ(top_cause(run("failed call to cuInit: CUDA_ERROR_STUB_LIBRARY")), "libcuda_stub");
  EXPECT_EQ(top_cause(run("failed call to cuInit: CUDA_ERROR_UNKNOWN: unknown error")), "driver_suspend_resume");
  // An error the tables do not know still reports the failed cuInit (the row's fallback).
  auto r = run("failed call to cuInit: CUDA_ERROR_SOMETHING_NEW");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "X807");
  EXPECT_NE(r.findings[0].message.find("CUDA_ERROR_SOMETHING_NEW"), std::string::npos);
}

TEST(ExplainEngine, LibcudaMissingIsTheRootOfCuInit303AndDriverNotRunningAboveBoth) {
  auto r = run("Could not load dynamic library 'libcuda.so.1'; dlerror: libcuda.so.1: cannot open shared object file\n"
               "failed call to cuInit: UNKNOWN ERROR (303)\n"
               "kernel driver does not appear to be running on this host (abc): /proc/driver/nvidia/version does not "
               "exist\n");
  ASSERT_EQ(r.findings.size(), 2u);  // 303 and the dlopen failure are one finding: libcuda missing
  EXPECT_EQ(r.findings[0].code, "X818");
  EXPECT_EQ(r.findings[1].code, "X805");
  EXPECT_EQ(r.findings[1].explained_by, "X818");
  EXPECT_EQ(r.lines[1].count, 2u);
}

TEST(ExplainEngine, OnlyNoiseMeansNoProblemAndEveryLineIsListed) {
  auto r = run(
      "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
      "E0000 00:00:1 cuda_dnn.cc:8310] Unable to register cuDNN factory: Attempting to register factory for plugin "
      "cuDNN when one has already been registered\n"
      "E0000 00:00:1 cuda_fft.cc:607] Unable to register cuFFT factory: Attempting to register factory for plugin cuFFT "
      "when one has already been registered\n"
      "W tensorflow/compiler/tf2tensorrt/utils/py_utils.cc:38] TF-TRT Warning: Could not find TensorRT\n"
      "I tensorflow/core/platform/cpu_feature_guard.cc:182] This TensorFlow binary is optimized to use available CPU "
      "instructions in performance-critical operations.\n"
      "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow with the appropriate "
      "compiler flags.\n"
      "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library "
      "'libnvinfer.so.7'; dlerror: libnvinfer.so.7: cannot open shared object file\n"
      "I gpu_device.cc:1613] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 9649 MB memory:  -> "
      "device: 0, name: NVIDIA GeForce RTX 3080, pci bus id: 0000:01:00.0, compute capability: 8.6\n"
      "Epoch 1/10\n");
  EXPECT_TRUE(r.findings.empty());
  EXPECT_FALSE(r.has_error());
  EXPECT_TRUE(r.gpu_seen_working());
  EXPECT_EQ(r.stats.benign_segments + r.stats.ok_segments, 8u);
  bool trt = false;
  for (const auto& b : r.benign) trt = trt || b.pattern == "tf.dso_load_failed";
  EXPECT_TRUE(trt) << "libnvinfer is TensorRT: optional";
}

TEST(ExplainEngine, RepeatedLinesAreCountedNotRepeated) {
  std::string log;
  for (int i = 0; i < 1000; ++i)
    log += "I cuda_gpu_executor.cc:980] successful NUMA node read from SysFS had negative value (-1), but there\n";
  for (int i = 0; i < 100; ++i) log += "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0)\n";
  auto r = run(log);
  ASSERT_EQ(r.benign.size(), 1u);
  EXPECT_EQ(r.benign[0].count, 1000u);
  EXPECT_EQ(r.benign[0].lines.size(), 3u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.lines[0].count, 100u);
  EXPECT_EQ(r.lines[0].lines.size(), 5u);
  EXPECT_EQ(r.lines[0].lines[0].line, 1001u);
}

TEST(ExplainEngine, SurvivesNulInvalidUtf8AnsiAndHugeLines) {
  std::string log("\x1b[31mE\x1b[0m failed call to cuInit: CUDA_ERROR_NO_DEVICE\xff\xfe\0tail\r\n", 64);
  log += std::string(1 << 20, 'x') + "Loaded runtime CuDNN library: 8.1.0 but source was compiled with: 8.6.0\n";
  log += std::string("\0\0\0", 3) + "\n";
  auto r = run(log);
  ASSERT_TRUE(has_code(r, "X808"));
  EXPECT_FALSE(has_code(r, "X803"));  // past the cut of an overlong line
  EXPECT_EQ(r.stats.scan.truncated, 1u);
  const auto& q = r.lines[0].lines.at(0).text;
  EXPECT_EQ(q.find('\x1b'), std::string::npos);
  EXPECT_NE(q.find("\xef\xbf\xbd"), std::string::npos);  // U+FFFD for the invalid bytes
  EXPECT_EQ(q.find('\0'), std::string::npos);
}

TEST(ExplainEngine, EmptyInput) {
  auto r = run("");
  EXPECT_TRUE(r.findings.empty());
  EXPECT_TRUE(r.benign.empty());
  EXPECT_EQ(r.stats.scan.lines, 0u);
}

// Per code: one log line that fires it and a similar one that must not.
struct CodeCase {
  const char* code;
  const char* fires;
  const char* quiet;
};

class ExplainCodes : public ::testing::TestWithParam<CodeCase> {};

TEST_P(ExplainCodes, FiresAndStaysQuiet) {
  const auto& c = GetParam();
  auto on = run(c.fires);
  EXPECT_TRUE(has_code(on, c.code)) << c.fires;
  auto off = run(c.quiet);
  EXPECT_FALSE(has_code(off, c.code)) << c.quiet;
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, ExplainCodes,
    ::testing::Values(
        CodeCase{"X801", "Could not load dynamic library 'libcublas.so.11'; dlerror: libcublas.so.11: cannot open",
                 "Successfully opened dynamic library libcublas.so.11"},
        CodeCase{"X802", "ImportError: libcudnn.so.8: cannot open shared object file: No such file or directory",
                 "Successfully opened dynamic library libcudnn.so.8"},
        CodeCase{"X803", "Loaded runtime CuDNN library: 8.0.4 but source was compiled with: 8.1.0.",
                 "Loaded cuDNN version 8100"},
        CodeCase{"X804", "Could not create cudnn handle: CUDNN_STATUS_INTERNAL_ERROR", "Created cudnn handle"},
        CodeCase{"X805", "failed call to cuInit: UNKNOWN ERROR (303)", "successful call to cuInit"},
        CodeCase{"X806", "RuntimeError: CUDA error: CUDA driver is a stub library", "CUDA driver is the real library"},
        CodeCase{"X807", "UserWarning: CUDA initialization: CUDA driver initialization failed, you might not have a CUDA gpu.",
                 "CUDA initialization: done"},
        CodeCase{"X808", "RuntimeError: No CUDA GPUs are available", "2 CUDA GPUs are available"},
        CodeCase{"X809", "cudaGetDevice() failed. Status: CUDA driver version is insufficient for CUDA runtime version",
                 "CUDA driver version is sufficient for CUDA runtime version"},
        CodeCase{"X810", "Found GPU0 GeForce GTX 770 which is of cuda capability 3.0.",
                 "Found GPU0 GeForce GTX 770 with 2 GB"},
        CodeCase{"X811", "RuntimeError: CUDA error: no kernel image is available for execution on the device",
                 "a kernel image is available for execution on the device"},
        CodeCase{"X812", "TensorFlow was not built with CUDA kernel binaries compatible with compute capability 9.0.",
                 "TensorFlow was built with CUDA kernel binaries compatible with compute capability 9.0."},
        CodeCase{"X813", "An NVIDIA GPU may be present on this machine, but a CUDA-enabled jaxlib is not installed.",
                 "A CUDA-enabled jaxlib is installed."},
        CodeCase{"X814", "Couldn't invoke ptxas --version", "ptxas --version: 12.2"},
        CodeCase{"X815", "InternalError: libdevice not found at ./libdevice.10.bc", "libdevice found at ./libdevice.10.bc"},
        CodeCase{"X816", "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB",
                 "CUDA memory: allocated 20.00 MiB"},
        CodeCase{"X817", "Failed to initialize NVML: Driver/library version mismatch", "NVML initialized"},
        CodeCase{"X818", "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
                 "NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2"},
        CodeCase{"X819", "docker: Error response from daemon: could not select device driver \"\" with capabilities: [[gpu]].",
                 "docker: started container with device driver \"nvidia\""},
        CodeCase{"X820", "NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, GPU has fallen off the bus.",
                 "NVRM: loading NVIDIA UNIX x86_64 Kernel Module  535.104.05"},
        CodeCase{"X821", "AssertionError: Torch not compiled with CUDA enabled", "Torch compiled with CUDA 12.1"},
        CodeCase{"X822", "RuntimeError: CUDA error: all CUDA-capable devices are busy or unavailable",
                 "all CUDA-capable devices are idle"},
        CodeCase{"X823", "Cannot dlopen some GPU libraries. Please make sure the missing libraries mentioned above are installed",
                 "Cannot dlopen some TensorRT libraries."},
        CodeCase{"X824", "RuntimeError: jaxlib version 0.4.26 is newer than and incompatible with jax version 0.4.25.",
                 "jaxlib version 0.4.26 matches jax version 0.4.26"},
        CodeCase{"X825", "NVRM:  supported through the NVIDIA 470.xx Legacy drivers. Please",
                 "NVRM: supported by the NVIDIA 535.xx drivers"},
        CodeCase{"X826", "ERROR: The Nouveau kernel driver is currently in use by your system.",
                 "The Nouveau kernel driver is blacklisted."},
        CodeCase{"X827", "failed to open /dev/nvidia0: Permission denied", "opened /dev/nvidia0"},
        CodeCase{"X828", "CUDA backend failed to initialize: INTERNAL: operation gpusolverDnCreate failed: internal error",
                 "Initialized backend 'cuda'"},
        CodeCase{"X830", "RuntimeError: Detected that PyTorch and torchvision were compiled with different CUDA major "
                         "versions. PyTorch has CUDA Version=11.8 and torchvision has CUDA Version=12.1.",
                 "PyTorch and torchvision were compiled with the same CUDA version"},
        CodeCase{"X860", "node08:27106:27302 [0] include/shm.h:48 NCCL WARN Error while creating shared memory segment "
                         "nccl-shm-recv-b7948f403864987a-0-3-0 (size 4460544)",
                 "NCCL INFO Allocated 4460548 bytes of shared memory in /dev/shm/nccl-UbzKZ9"},
        CodeCase{"X861", "ImportError: /opt/conda/lib/python3.10/site-packages/mmcv/_ext.cpython-310-x86_64-linux-gnu.so: "
                         "undefined symbol: _ZN2at4_ops5zeros4callEN3c108ArrayRefINS2_6SymIntEEE",
                 "ImportError: /usr/lib/libfoo.so.1: undefined symbol: png_set_longjmp_fn"}));

TEST(ExplainEngine, XidSeverityFollowsTheXidTable) {
  auto app = run("NVRM: Xid (PCI:0000:01:00): 13, pid=42, Graphics SM Warp Exception");
  ASSERT_EQ(app.findings.size(), 1u);
  EXPECT_EQ(app.findings[0].severity, findings::Severity::warning);
  auto bus = run("NVRM: Xid (PCI:0000:01:00): 79, pid=42, GPU has fallen off the bus.");
  EXPECT_EQ(bus.findings.at(0).severity, findings::Severity::error);
  EXPECT_NE(bus.findings[0].message.find("GPU has fallen off the bus"), std::string::npos);
  auto unknown = run("NVRM: Xid (PCI:0000:01:00): 999, pid=42, something");
  EXPECT_EQ(unknown.findings.at(0).severity, findings::Severity::warning);
}

// The matcher remembers candidates per atom set in the caller's Scratch and forgets them
// past a bound; neither may change an answer. Lines made of atom pairs give far more
// distinct sets than the bound.
TEST(ExplainEngine, CandidateCacheNeverChangesTheAnswer) {
  const LineMatcher& m = the_mkb().matcher();
  const auto& atoms = m.atoms();
  ASSERT_GT(atoms.size(), 50u);
  std::vector<std::string> lines{
      "W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not load dynamic library "
      "'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory"};
  for (size_t i = 0; i < 60; ++i)
    for (size_t j = i + 1; j < 60; ++j) lines.push_back(atoms[i] + " x " + atoms[j] + " 1.2.3 'a.so.1'");
  lines.push_back(lines.front());
  ASSERT_GT(lines.size(), 1500u);
  LineMatcher::Scratch shared;
  for (const auto& line : lines) {
    LineMatcher::Scratch fresh;
    LineMatch a, b;
    bool ha = m.match(line, shared, a);
    bool hb = m.match(line, fresh, b);
    ASSERT_EQ(ha, hb) << line;
    if (!ha) continue;
    EXPECT_EQ(a.pattern, b.pattern) << line;
    EXPECT_EQ(a.captures, b.captures) << line;
  }
  LineMatch last;
  ASSERT_TRUE(m.match(lines.back(), shared, last));
  EXPECT_EQ(the_mkb().patterns()[static_cast<size_t>(last.pattern)].id, "tf.dso_load_failed");
}
