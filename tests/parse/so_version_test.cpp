#include "parse/so_version.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

TEST(SoVersion, ReadsVersionSuffix) {
  EXPECT_EQ(so_file_version("libcuda.so.550.54.15", "libcuda"), "550.54.15");
  EXPECT_EQ(so_file_version("libcudart.so.12.2.140", "libcudart"), "12.2.140");
  EXPECT_EQ(so_file_version("libcudart.so.13", "libcudart"), "13");
}

TEST(SoVersion, OtherStemsAndNonNumericSuffixesGiveNothing) {
  EXPECT_EQ(so_file_version("libcuda.so", "libcuda"), "");
  EXPECT_EQ(so_file_version("libnvrtc-builtins.so.13.0", "libnvrtc"), "");
  EXPECT_EQ(so_file_version("libcublasLt.so.13", "libcublas"), "");
  EXPECT_EQ(so_file_version("libcudart.so.12.bak", "libcudart"), "");
  EXPECT_EQ(so_file_version("libcudart.so.12..1", "libcudart"), "");
  EXPECT_EQ(so_file_version("libcudart.so.", "libcudart"), "");
  EXPECT_EQ(so_file_version("libcudart_static.a", "libcudart"), "");
}

TEST(SoVersion, MatchesLibraryFiles) {
  EXPECT_TRUE(is_so_file_of("libcuda.so", "libcuda"));
  EXPECT_TRUE(is_so_file_of("libcuda.so.1", "libcuda"));
  EXPECT_FALSE(is_so_file_of("libcudadebugger.so.1", "libcuda"));
  EXPECT_FALSE(is_so_file_of("libcudnn_ops.so.9", "libcudnn"));
  EXPECT_FALSE(is_so_file_of("libcuda.so", ""));
}

TEST(SoVersion, Major) {
  EXPECT_EQ(so_major("libcudart.so.11.0", "libcudart"), 11);
  EXPECT_EQ(so_major("libcuda.so.1", "libcuda"), 1);
  EXPECT_FALSE(so_major("libcuda.so", "libcuda").has_value());
  EXPECT_FALSE(so_major("libcudart.so.99999999999999999999", "libcudart").has_value());
}

}  // namespace
}  // namespace gpudoctor::parse
