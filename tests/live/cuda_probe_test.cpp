// The libcuda probe, in process, against the fake libcuda built by tests/helpers/live.cmake.
#include "live/cuda_probe.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "live/code_names.hpp"
#include "live_test_util.hpp"

using namespace gpudoctor;
using namespace gpudoctor::live;
using gpudoctor::live::testkit::fake_lib;

namespace {

// Sets an environment variable for one test.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const std::string& v) : name(std::move(n)) { ::setenv(name.c_str(), v.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

facts::CudaFacts probe(const std::string& mode, std::vector<std::string>* stages = nullptr) {
  ScopedEnv m("GD_FAKE_CUDA", mode);
  facts::CudaFacts f;
  CudaApi api;
  probe_cuda(fake_lib("cuda", "libcuda.so.1"), api, f, [&](std::string_view s) {
    if (stages) stages->emplace_back(s);
  });
  return f;
}

}  // namespace

TEST(LiveCudaProbe, EveryDeviceAndAContextOnEach) {
  std::vector<std::string> stages;
  auto f = probe("", &stages);
  EXPECT_TRUE(f.library.loaded);
  EXPECT_NE(f.library.path.find("fakes/cuda/libcuda.so.1"), std::string::npos);
  EXPECT_EQ(f.driver_version, 12040);
  EXPECT_EQ(f.init_result, 0);
  EXPECT_EQ(f.device_count, 2);
  ASSERT_EQ(f.devices.size(), 2u);
  const auto& d = f.devices[1];
  EXPECT_EQ(d.ordinal, 1);
  EXPECT_EQ(d.name, "Fake GPU 1");
  EXPECT_EQ(d.uuid, "GPU-10111213-1415-1617-1819-1a1b1c1d1e1f");
  EXPECT_EQ(d.pci_bus_id, "00000000:E2:00.0");
  EXPECT_EQ(d.cc_major, 8);
  EXPECT_EQ(d.cc_minor, 0);
  EXPECT_EQ(d.sm_count, 2);
  EXPECT_EQ(d.clock_khz, 1000000);
  EXPECT_EQ(d.bus_width_bits, 256);
  EXPECT_EQ(d.total_mem_bytes, 1ull << 30);
  EXPECT_EQ(d.context_result, 0);
  EXPECT_EQ(d.free_mem_bytes, 512ull << 20);
  EXPECT_TRUE(f.errors.empty());
  // Stages announce each step that may hang, so a timeout can say where.
  EXPECT_NE(std::find(stages.begin(), stages.end(), "cuInit"), stages.end());
  EXPECT_NE(std::find(stages.begin(), stages.end(), "cuDevicePrimaryCtxRetain(1)"), stages.end());
}

TEST(LiveCudaProbe, CuInitFailureStopsAndIsRecorded) {
  auto f = probe("init=803");
  EXPECT_EQ(f.init_result, 803);
  EXPECT_TRUE(f.devices.empty());
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(f.errors[0].call, "cuInit");
  EXPECT_EQ(f.errors[0].code, 803);
}

TEST(LiveCudaProbe, ContextFailureIsPerDevice) {
  auto f = probe("ctx=2");
  ASSERT_EQ(f.devices.size(), 2u);
  EXPECT_EQ(f.devices[0].context_result, 2);
  EXPECT_EQ(f.devices[1].context_result, 0);
}

TEST(LiveCudaProbe, VisibleDevicesAreHonouredLikeTheDriver) {
  {
    ScopedEnv cvd("CUDA_VISIBLE_DEVICES", "1");
    auto f = probe("");
    ASSERT_EQ(f.devices.size(), 1u);
    EXPECT_EQ(f.devices[0].name, "Fake GPU 1");
  }
  {
    ScopedEnv cvd("CUDA_VISIBLE_DEVICES", "-1");
    EXPECT_EQ(probe("").init_result, 100);
  }
}

TEST(LiveCudaProbe, AMissingLibraryIsReportedWithDlerror) {
  facts::CudaFacts f;
  CudaApi api;
  EXPECT_FALSE(probe_cuda("/nonexistent/libcuda.so.1", api, f, [](std::string_view) {}));
  EXPECT_FALSE(f.library.loaded);
  EXPECT_NE(f.library.error.find("/nonexistent/libcuda.so.1"), std::string::npos);
  EXPECT_EQ(f.init_result, -1);
}

// The toolkit's stub is on this machine: it answers every call with 34, and gpudoctor
// names 34 itself because the stub's cuGetErrorName cannot.
TEST(LiveCudaProbe, TheRealStubAnswers34) {
  const std::string stub = "/usr/local/cuda/lib64/stubs/libcuda.so";
  if (!std::filesystem::exists(stub)) GTEST_SKIP() << "no CUDA toolkit stub at " << stub;
  facts::CudaFacts f;
  CudaApi api;
  ASSERT_TRUE(probe_cuda(stub, api, f, [](std::string_view) {}));
  EXPECT_EQ(f.driver_version_result, 34);
  EXPECT_EQ(f.init_result, 34);
  EXPECT_NE(f.library.real_path.find("stubs"), std::string::npos);
  EXPECT_EQ(cuda_code_name(kb::Kb::load(), 34), "CUDA_ERROR_STUB_LIBRARY");
}

TEST(LiveCudaProbe, Formatting) {
  const unsigned char b[16] = {0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  EXPECT_EQ(format_uuid(b), "GPU-deadbeef-0001-0203-0405-060708090a0b");
  EXPECT_EQ(format_cuda_version(12040), "12.4");
  EXPECT_EQ(format_cuda_version(13000), "13.0");
  EXPECT_EQ(format_cuda_version(0), "?");
}

// Names come from gpudoctor's own tables, for codes recorded in a real run.
TEST(LiveCudaProbe, CodeNamesFromTheKnowledgeBase) {
  auto kb = kb::Kb::load();
  EXPECT_EQ(cuda_code_name(kb, 100), "CUDA_ERROR_NO_DEVICE");
  EXPECT_EQ(cuda_code_name(kb, 803), "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH");
  EXPECT_EQ(cuda_code_name(kb, 35), "CUresult 35");  // no such CUresult: 35 is a runtime code
  EXPECT_EQ(cuda_code_name(kb, -1), "symbol not found");
  EXPECT_EQ(nvml_code_name(kb, 18), "NVML_ERROR_LIB_RM_VERSION_MISMATCH");
  EXPECT_EQ(cublas_status_name(15), "CUBLAS_STATUS_NOT_SUPPORTED");
  facts::LiveFacts l;
  l.cuda.init_result = 34;
  l.cuda.errors.push_back({"cuInit", 34, "", -1});
  l.nvml.init_result = 9;
  l.selftest.devices.push_back({});
  l.selftest.devices[0].errors.push_back({"cublasLtMatmul", 15, "", 0});
  l.selftest.devices[0].errors.push_back({"cuLaunchKernel(gd_copy)", 719, "", 0});
  name_codes(l, kb);
  EXPECT_EQ(l.cuda.init_result_name, "CUDA_ERROR_STUB_LIBRARY");
  EXPECT_EQ(l.cuda.errors[0].name, "CUDA_ERROR_STUB_LIBRARY");
  EXPECT_EQ(l.nvml.init_result_name, "NVML_ERROR_DRIVER_NOT_LOADED");
  EXPECT_EQ(l.selftest.devices[0].errors[0].name, "CUBLAS_STATUS_NOT_SUPPORTED");
  EXPECT_EQ(l.selftest.devices[0].errors[1].name, "CUDA_ERROR_LAUNCH_FAILED");
}
