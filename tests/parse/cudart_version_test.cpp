#include "parse/cudart_version.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

TEST(CudartVersion, ReadsCudartVersionFromRuntimeHeader) {
  // cuda_runtime_api.h line 139 of CUDA 13.0 uses two spaces.
  auto v = parse_cudart_header_version("#define CUDART_VERSION  13000\n");
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(*v, "13.0");
}

TEST(CudartVersion, FallsBackToCudaVersionOfCudaH) {
  auto v = parse_cudart_header_version("#define CUDA_VERSION 12020\n");
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(*v, "12.2");
}

TEST(CudartVersion, EncodingIsMajorTimesThousandPlusMinorTimesTen) {
  EXPECT_EQ(cuda_version_from_int(11080), "11.8");
  EXPECT_EQ(cuda_version_from_int(10010), "10.1");
  EXPECT_EQ(cuda_version_from_int(9020), "9.2");
}

TEST(CudartVersion, HeaderWithoutVersionOrImplausibleValueFails) {
  EXPECT_FALSE(parse_cudart_header_version("#include <cuda_runtime.h>\n"));
  EXPECT_FALSE(parse_cudart_header_version("#define CUDART_VERSION 12\n"));
}

TEST(CudartVersion, ReadsVersionTxt) {
  auto v = parse_cuda_version_txt("CUDA Version 10.2.89\n");
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(*v, "10.2.89");
  auto crlf = parse_cuda_version_txt("\r\nCUDA Version 11.0.228\r\n");
  ASSERT_TRUE(crlf);
  EXPECT_EQ(*crlf, "11.0.228");
  EXPECT_FALSE(parse_cuda_version_txt("CUDA Version unknown\n"));
  EXPECT_FALSE(parse_cuda_version_txt(""));
}

}  // namespace
}  // namespace gpudoctor::parse
