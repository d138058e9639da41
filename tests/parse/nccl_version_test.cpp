#include "parse/nccl_version.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

TEST(NcclVersion, ReadsNcclH) {
  // nccl.h lines 19-24 from nvidia-nccl-cu13 2.28.9.
  auto v = parse_nccl_header_version(
      "#define NCCL_MAJOR 2\n#define NCCL_MINOR 28\n#define NCCL_PATCH 9\n#define NCCL_SUFFIX \"\"\n\n"
      "#define NCCL_VERSION_CODE 22809\n");
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(*v, "2.28.9");
}

TEST(NcclVersion, HeaderWithoutPatchIsAnError) {
  EXPECT_FALSE(parse_nccl_header_version("#define NCCL_MAJOR 2\n#define NCCL_MINOR 28\n"));
}

TEST(NcclVersion, ReadsBannerWithCuda) {
  auto b = parse_nccl_banner("NCCL version 2.28.9+cuda13.0");
  ASSERT_TRUE(b) << b.error;
  EXPECT_EQ(b->version, "2.28.9");
  EXPECT_EQ(b->cuda, "13.0");
}

TEST(NcclVersion, ReadsBannerInsideLogLineWithoutCuda) {
  auto b = parse_nccl_banner("host:123:123 [0] NCCL INFO NCCL version 2.18.3\n");
  ASSERT_TRUE(b) << b.error;
  EXPECT_EQ(b->version, "2.18.3");
  EXPECT_EQ(b->cuda, "");
}

TEST(NcclVersion, FormatStringIsNotAVersion) {
  EXPECT_FALSE(parse_nccl_banner("NCCL version %s"));
  EXPECT_FALSE(parse_nccl_banner("Mismatched NCCL version detected"));
}

}  // namespace
}  // namespace gpudoctor::parse
