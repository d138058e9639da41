#include "parse/cuda_version_json.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

// Shape of /usr/local/cuda-11.8/version.json as installed by the runfile.
// (plain literal: a raw string here trips GCC 12 with precompiled headers)
constexpr const char* kVersionJson =
    "{\n"
    "   \"cuda\" : {\n"
    "      \"name\" : \"CUDA SDK\",\n"
    "      \"version\" : \"11.8.0\"\n"
    "   },\n"
    "   \"cuda_cudart\" : {\n"
    "      \"name\" : \"CUDA Runtime (cudart)\",\n"
    "      \"version\" : \"11.8.89\"\n"
    "   },\n"
    "   \"cuda_nvcc\" : {\n"
    "      \"name\" : \"CUDA NVCC\",\n"
    "      \"version\" : \"11.8.89\"\n"
    "   },\n"
    "   \"libcublas\" : {\n"
    "      \"name\" : \"CUDA cuBLAS\",\n"
    "      \"version\" : \"11.11.3.6\"\n"
    "   }\n"
    "}\n";

TEST(CudaVersionJson, ReadsSdkAndComponentVersions) {
  auto v = parse_cuda_version_json(kVersionJson);
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(v->cuda_version, "11.8.0");
  EXPECT_EQ(v->components.at("cuda_cudart"), "11.8.89");
  EXPECT_EQ(v->components.at("libcublas"), "11.11.3.6");
  EXPECT_EQ(v->components.size(), 4u);
}

TEST(CudaVersionJson, SkipsComponentsWithoutStringVersion) {
  auto v = parse_cuda_version_json(R"({"cuda":{"version":"12.2.2"},"odd":{"version":12},"list":[1,2],"x":{}})");
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(v->cuda_version, "12.2.2");
  EXPECT_EQ(v->components.size(), 1u);
}

TEST(CudaVersionJson, MissingSdkEntryLeavesCudaVersionEmpty) {
  auto v = parse_cuda_version_json(R"({"cuda_cudart":{"version":"12.6.77"}})");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->cuda_version, "");
}

TEST(CudaVersionJson, RejectsGarbageTruncatedAndNonObjects) {
  EXPECT_EQ(parse_cuda_version_json("{\"cuda\" : {\"version\" : \"12").error, "invalid json");
  EXPECT_FALSE(parse_cuda_version_json("[1,2,3]"));
  EXPECT_FALSE(parse_cuda_version_json(std::string("\0\x01\x02", 3)));
  EXPECT_FALSE(parse_cuda_version_json("{}"));
}

}  // namespace
}  // namespace gpudoctor::parse
