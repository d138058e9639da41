// Captured values are read by their names, and templates are filled from them.
#include <gtest/gtest.h>

#include "explain/values.hpp"

using namespace gpudoctor::explain;

TEST(ExplainValues, CudnnVersionsInEveryFormTheFrameworksPrint) {
  EXPECT_EQ(normalize_value("cudnn_loaded", "8.1.0"), "8.1.0");
  EXPECT_EQ(normalize_value("cudnn_loaded", "8100"), "8.1.0");
  EXPECT_EQ(normalize_value("cudnn_loaded", "8907"), "8.9.7");
  EXPECT_EQ(normalize_value("cudnn_needed", "90100"), "9.1.0");
  EXPECT_EQ(normalize_value("cudnn_needed", "(8, 9, 2)"), "8.9.2");
  EXPECT_EQ(normalize_value("cudnn_needed", "7003"), "7.0.3");
}

TEST(ExplainValues, CudaVersionsAsIntegers) {
  EXPECT_EQ(normalize_value("cuda_driver", "10010"), "10.1");
  EXPECT_EQ(normalize_value("cuda_needed", "12020"), "12.2");
  EXPECT_EQ(normalize_value("cuda_loaded", "11000"), "11.0");
  EXPECT_EQ(normalize_value("cuda_driver", "11.4"), "11.4");
}

TEST(ExplainValues, ComputeCapabilities) {
  EXPECT_EQ(normalize_value("cc_gpu", "sm_86"), "8.6");
  EXPECT_EQ(normalize_value("cc_gpu", "sm_120"), "12.0");
  EXPECT_EQ(normalize_value("cc_min", "3.5"), "3.5");
  EXPECT_EQ(normalize_value("cc_list", "sm_37 sm_50 compute_70"), "3.7, 5.0, 7.0");
}

TEST(ExplainValues, LibraryVersionsKeepTheRawNumber) {
  EXPECT_EQ(normalize_value("libver_loaded", "11405"), "11.4.5 (11405)");
  EXPECT_EQ(normalize_value("libver_needed", "120103"), "12.1.3 (120103)");
}

TEST(ExplainValues, LibrariesLoseTheirDirectory) {
  EXPECT_EQ(normalize_value("lib", "/usr/lib/x86_64-linux-gnu/libcuda.so.1"), "libcuda.so.1");
  EXPECT_EQ(normalize_value("dep", "C:\\cuda\\bin\\cudnn64_8.dll"), "cudnn64_8.dll");
}

TEST(ExplainValues, TemplatesFillAndTidy) {
  std::map<std::string, std::string> v{{"a", "x"}, {"b", ""}};
  EXPECT_EQ(fill_template("{a} loaded, {b} needed", v), "x loaded,  needed");
  EXPECT_EQ(fill_template("failed with {a}: {missing}", v), "failed with x");
  EXPECT_EQ(fill_template("no braces", v), "no braces");
  EXPECT_EQ(fill_template("unclosed {a", v), "unclosed {a");
}
