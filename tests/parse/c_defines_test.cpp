#include "parse/c_defines.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gpudoctor::parse {
namespace {

TEST(CDefines, FindsPlainIntegerDefine) {
  EXPECT_EQ(find_define_int("#define CUDNN_MAJOR 9\n", "CUDNN_MAJOR"), 9);
}

TEST(CDefines, HandlesDirectiveSpacingTabsAndCrlf) {
  std::string h = "  #  define\tNCCL_MINOR\t28\r\n# define NCCL_PATCH   9   \r\n";
  EXPECT_EQ(find_define_int(h, "NCCL_MINOR"), 28);
  EXPECT_EQ(find_define_int(h, "NCCL_PATCH"), 9);
}

TEST(CDefines, StripsTrailingCommentsParenthesesAndSuffixes) {
  std::string h =
      "#define A 13000 // CUDA 13.0\n"
      "#define B (12) /* twelve */\n"
      "#define C 9U\n"
      "#define D 0x10\n";
  EXPECT_EQ(find_define_int(h, "A"), 13000);
  EXPECT_EQ(find_define_int(h, "B"), 12);
  EXPECT_EQ(find_define_int(h, "C"), 9);
  EXPECT_EQ(find_define_int(h, "D"), 16);
}

TEST(CDefines, DoesNotMatchLongerNamesOrFunctionLikeMacros) {
  std::string h =
      "#define CUDNN_MAJOR_X 7\n"
      "#define CUDNN_MAJOR(x) (x)\n"
      "#define CUDNN_MAJOR 9\n";
  EXPECT_EQ(find_define_int(h, "CUDNN_MAJOR"), 9);
}

TEST(CDefines, ExpressionIsTextNotInteger) {
  std::string h = "#define CUDNN_VERSION (CUDNN_MAJOR * 10000 + CUDNN_MINOR * 100 + CUDNN_PATCHLEVEL)\n";
  EXPECT_EQ(find_define(h, "CUDNN_VERSION"), "(CUDNN_MAJOR * 10000 + CUDNN_MINOR * 100 + CUDNN_PATCHLEVEL)");
  EXPECT_FALSE(find_define_int(h, "CUDNN_VERSION").has_value());
}

TEST(CDefines, MissingDefineOrCommentedOutLineIsAbsent) {
  EXPECT_FALSE(find_define("// #define X 1\n/* #define Y 2 */\n", "X").has_value());
  EXPECT_FALSE(find_define("#undef X\n#ifdef X\n", "X").has_value());
  EXPECT_FALSE(find_define("", "X").has_value());
}

TEST(CDefines, EmptyDefineHasEmptyText) { EXPECT_EQ(find_define("#define GUARD_H\n", "GUARD_H"), ""); }

TEST(CDefines, LastLineWithoutNewlineAndEmbeddedNul) {
  std::string h = std::string("#define X 1\n") + '\0' + "junk\n#define Y 2";
  EXPECT_EQ(find_define_int(h, "Y"), 2);
}

TEST(CDefines, VersionFromDefinesFollowsOneIndirection) {
  // TensorRT 10's NvInferVersion.h spells the version through other macros.
  std::string h =
      "#define TRT_MAJOR_ENTERPRISE 10\n#define TRT_MINOR_ENTERPRISE 3\n#define TRT_PATCH_ENTERPRISE 0\n"
      "#define NV_TENSORRT_MAJOR TRT_MAJOR_ENTERPRISE //!< major\n"
      "#define NV_TENSORRT_MINOR TRT_MINOR_ENTERPRISE\n#define NV_TENSORRT_PATCH TRT_PATCH_ENTERPRISE\n";
  EXPECT_EQ(version_from_defines(h, "NV_TENSORRT_MAJOR", "NV_TENSORRT_MINOR", "NV_TENSORRT_PATCH"), "10.3.0");
  std::string direct = "#define NV_TENSORRT_MAJOR 8\n#define NV_TENSORRT_MINOR 6\n#define NV_TENSORRT_PATCH 1\n";
  EXPECT_EQ(version_from_defines(direct, "NV_TENSORRT_MAJOR", "NV_TENSORRT_MINOR", "NV_TENSORRT_PATCH"), "8.6.1");
  EXPECT_FALSE(version_from_defines("#define NV_TENSORRT_MAJOR 8\n", "NV_TENSORRT_MAJOR", "NV_TENSORRT_MINOR",
                                    "NV_TENSORRT_PATCH"));
}

}  // namespace
}  // namespace gpudoctor::parse
