#include "probe/library_stub.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::probe {
namespace {

LibraryFileInfo info(std::string real, uint64_t size, bool has_cudbg) {
  LibraryFileInfo i;
  i.real_path = std::move(real);
  i.size = size;
  i.has_dynstr = true;
  if (has_cudbg) i.dynstr_found.emplace_back(kLibcudaDriverExport);
  return i;
}

TEST(LibraryStub, StubsDirectoryAnywhereInThePath) {
  EXPECT_TRUE(in_stubs_dir("/usr/local/cuda/lib64/stubs/libcuda.so"));
  EXPECT_TRUE(in_stubs_dir("stubs/libcuda.so"));
  EXPECT_FALSE(in_stubs_dir("/usr/lib/stubsx/libcuda.so"));
  EXPECT_FALSE(in_stubs_dir("/usr/lib/stubs"));  // the file itself is not a directory
  auto v = classify_stub("/usr/local/cuda/lib64/stubs/libcublas.so", info("/x/stubs/libcublas.so", 1000, false),
                         "libcublas", false);
  EXPECT_TRUE(v.is_stub);
  EXPECT_EQ(v.reason, "under a stubs/ directory");
}

TEST(LibraryStub, LinkIntoAStubsDirectory) {
  auto v = classify_stub("/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                         info("/usr/local/cuda-12.2/lib64/stubs/libcuda.so", 100000, false), "libcuda", true);
  EXPECT_TRUE(v.is_stub);
  EXPECT_EQ(v.reason, "links into a stubs/ directory");
}

TEST(LibraryStub, CopiedStubKeepsItsBareName) {
  auto v = classify_stub("/usr/lib/libcuda.so.1", info("/usr/lib/libcuda.so", 105872, false), "libcuda", true);
  EXPECT_TRUE(v.is_stub);
  EXPECT_NE(v.reason.find("bare libcuda.so"), std::string::npos);
}

TEST(LibraryStub, CopiedStubUnderADriverNameLacksTheDebuggerExports) {
  auto v = classify_stub("/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                         info("/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.15", 105872, false), "libcuda", true);
  EXPECT_TRUE(v.is_stub);
  EXPECT_NE(v.reason.find("cudbgGetAPI"), std::string::npos);
}

TEST(LibraryStub, RealDriversAreNotStubs) {
  EXPECT_FALSE(classify_stub("/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                             info("/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.15", 30u << 20, true), "libcuda", true)
                   .is_stub);
  // Big without the marker: a real driver whose exports changed; size decides.
  EXPECT_FALSE(classify_stub("/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                             info("/usr/lib/x86_64-linux-gnu/libcuda.so.580.65.06", 90u << 20, false), "libcuda", true)
                   .is_stub);
  // WSL's copies come from the Windows driver store.
  EXPECT_FALSE(
      classify_stub("/usr/lib/wsl/lib/libcuda.so.1", info("/usr/lib/wsl/lib/libcuda.so.1.1", 160000, false), "libcuda", true)
          .is_stub);
  // Toolkit libraries are only stubs under stubs/.
  EXPECT_FALSE(classify_stub("/usr/lib/libcudart.so", info("/usr/lib/libcudart.so", 1000, false), "libcudart", false)
                   .is_stub);
}

// The bare name is a stub sign only for a small file: a real driver copied by hand under
// the bare name stays a driver. The size limit itself still counts as small.
TEST(LibraryStub, ABareNameMakesAStubOnlyUpToTheSizeLimit) {
  EXPECT_FALSE(classify_stub("/opt/drv/libcuda.so", info("/opt/drv/libcuda.so", 30u << 20, true), "libcuda", true)
                   .is_stub);
  EXPECT_FALSE(
      classify_stub("/opt/drv/libcuda.so", info("/opt/drv/libcuda.so", kStubMaxBytes + 1, true), "libcuda", true)
          .is_stub);
  auto at_limit =
      classify_stub("/opt/drv/libcuda.so", info("/opt/drv/libcuda.so", kStubMaxBytes, true), "libcuda", true);
  EXPECT_TRUE(at_limit.is_stub);
  EXPECT_NE(at_limit.reason.find("bare libcuda.so"), std::string::npos);
}

TEST(LibraryStub, UnreadableFileIsNotCalledAStub) {
  LibraryFileInfo broken;
  broken.error = "permission denied";
  EXPECT_FALSE(classify_stub("/usr/lib/libcuda.so.1", broken, "libcuda", true).is_stub);
}

}  // namespace
}  // namespace gpudoctor::probe
