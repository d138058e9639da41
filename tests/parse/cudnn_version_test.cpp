#include "parse/cudnn_version.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

// Lines 55-61 of cudnn_version.h from nvidia-cudnn-cu13 9.19.0.56.
constexpr const char* kCudnn9 =
    "#ifndef CUDNN_VERSION_H_\n"
    "#define CUDNN_VERSION_H_\n"
    "\n"
    "#define CUDNN_MAJOR 9\n"
    "#define CUDNN_MINOR 19\n"
    "#define CUDNN_PATCHLEVEL 0\n"
    "\n"
    "#define CUDNN_VERSION (CUDNN_MAJOR * 10000 + CUDNN_MINOR * 100 + CUDNN_PATCHLEVEL)\n";

TEST(CudnnVersion, ReadsCudnnVersionH) {
  auto v = parse_cudnn_version(kCudnn9);
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(*v, "9.19.0");
}

TEST(CudnnVersion, ReadsCudnn7StyleCudnnHWithCrlf) {
  auto v = parse_cudnn_version("/* cudnn.h */\r\n#define CUDNN_MAJOR 7\r\n#define CUDNN_MINOR 6\r\n#define CUDNN_PATCHLEVEL 5\r\n");
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(*v, "7.6.5");
}

TEST(CudnnVersion, Cudnn9CudnnHWithoutMacrosIsAnError) {
  auto v = parse_cudnn_version("#include \"cudnn_version.h\"\n#include \"cudnn_graph.h\"\n");
  EXPECT_FALSE(v);
  EXPECT_EQ(v.error, "no CUDNN_MAJOR in header");
}

TEST(CudnnVersion, MissingPatchlevelIsAnError) {
  EXPECT_FALSE(parse_cudnn_version("#define CUDNN_MAJOR 8\n#define CUDNN_MINOR 9\n"));
}

}  // namespace
}  // namespace gpudoctor::parse
