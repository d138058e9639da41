#include "parse/nvcc_version.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

TEST(NvccVersion, ParsesNvccOutput) {
  // `nvcc --version` of the CUDA 13.0 toolkit on the test machine.
  auto v = parse_nvcc_version_output(
      "nvcc: NVIDIA (R) Cuda compiler driver\n"
      "Copyright (c) 2005-2025 NVIDIA Corporation\n"
      "Built on Wed_Aug_20_01:58:59_PM_PDT_2025\n"
      "Cuda compilation tools, release 13.0, V13.0.88\n"
      "Build cuda_13.0.r13.0/compiler.36424714_0\n");
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(v->release, "13.0");
  EXPECT_EQ(v->version, "13.0.88");
}

TEST(NvccVersion, ParsesPtxasOutputWithCrlfAndNoFinalNewline) {
  auto v = parse_nvcc_version_output(
      "ptxas: NVIDIA (R) Ptx optimizing assembler\r\nCuda compilation tools, release 11.8, V11.8.89");
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(v->version, "11.8.89");
}

TEST(NvccVersion, ReleaseWithoutVPart) {
  auto v = parse_nvcc_version_output("Cuda compilation tools, release 9.2\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version, "9.2");
}

TEST(NvccVersion, OtherTextIsAnError) {
  EXPECT_FALSE(parse_nvcc_version_output("bash: nvcc: command not found\n"));
  EXPECT_FALSE(parse_nvcc_version_output("Cuda compilation tools, release , V\n"));
  EXPECT_FALSE(parse_nvcc_version_output(""));
}

}  // namespace
}  // namespace gpudoctor::parse
