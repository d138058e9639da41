#include "parse/dist_info.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

TEST(DistInfo, SplitsDirectoryName) {
  auto d = parse_dist_info_dirname("nvidia_cudnn_cu13-9.19.0.56.dist-info");
  ASSERT_TRUE(d) << d.error;
  EXPECT_EQ(d->name, "nvidia_cudnn_cu13");
  EXPECT_EQ(d->version, "9.19.0.56");
  auto slash = parse_dist_info_dirname("nvidia_nccl_cu13-2.28.9.dist-info/");
  ASSERT_TRUE(slash);
  EXPECT_EQ(slash->version, "2.28.9");
}

TEST(DistInfo, RejectsOtherDirectoryNames) {
  EXPECT_FALSE(parse_dist_info_dirname("nvidia_cudnn_cu13.egg-info"));
  EXPECT_FALSE(parse_dist_info_dirname("noversion.dist-info"));
  EXPECT_FALSE(parse_dist_info_dirname("-1.0.dist-info"));
  EXPECT_FALSE(parse_dist_info_dirname("name-.dist-info"));
}

TEST(DistInfo, ReadsMetadataHeadersOnly) {
  auto m = parse_dist_metadata(
      "Metadata-Version: 2.4\r\nName: nvidia-cuda-runtime\r\nVersion: 13.0.96\r\nSummary: CUDA Runtime\r\n\r\n"
      "Version: 0.0 in the description does not count\n");
  ASSERT_TRUE(m) << m.error;
  EXPECT_EQ(m->name, "nvidia-cuda-runtime");
  EXPECT_EQ(m->version, "13.0.96");
  EXPECT_FALSE(parse_dist_metadata("\nName: late\n"));
}

TEST(DistInfo, ParsesRecordRows) {
  // First rows of nvidia_cudnn_cu13-9.19.0.56.dist-info/RECORD, then RECORD itself.
  auto r = parse_dist_info_record(
      "nvidia/cudnn/include/cudnn.h,sha256=EILVHTtWS6zo72_G7jNbZosr-lF_V8Bu_UKCY-XCGFU,2841\n"
      "nvidia/cudnn/lib/libcudnn.so.9,sha256=lPROLo-y1LyoxTSxTwPvhOCVN22tcqJX_YVDd-8LNCc,129240\n"
      "nvidia_cudnn_cu13-9.19.0.56.dist-info/RECORD,,\n");
  ASSERT_TRUE(r) << r.error;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].path, "nvidia/cudnn/lib/libcudnn.so.9");
  EXPECT_EQ((*r)[1].size, 129240u);
  EXPECT_EQ((*r)[1].hash, "sha256=lPROLo-y1LyoxTSxTwPvhOCVN22tcqJX_YVDd-8LNCc");
  EXPECT_FALSE((*r)[2].size.has_value());
}

TEST(DistInfo, RecordHandlesQuotesCrlfBlankLinesAndNoFinalNewline) {
  auto r = parse_dist_info_record("\"dir,with,commas/a \"\"b\"\".so\",sha256=x,10\r\n\r\nlast/file.py,sha256=y,5");
  ASSERT_TRUE(r) << r.error;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].path, "dir,with,commas/a \"b\".so");
  EXPECT_EQ((*r)[0].size, 10u);
  EXPECT_EQ((*r)[1].path, "last/file.py");
  EXPECT_EQ((*r)[1].size, 5u);
}

TEST(DistInfo, RecordWithBadSizeKeepsRowWithoutSize) {
  auto r = parse_dist_info_record("a.so,sha256=x,12ab\nb.so,sha256=y,-3\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_FALSE((*r)[0].size.has_value());
  EXPECT_FALSE((*r)[1].size.has_value());
}

TEST(DistInfo, RecordWithUnterminatedQuoteIsAnError) {
  auto r = parse_dist_info_record("\"never closed,sha256=x,1\n");
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error, "unterminated quote in RECORD");
}

TEST(DistInfo, EmptyRecordHasNoRows) {
  auto r = parse_dist_info_record("");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

TEST(DistInfo, NormalizesNamesPep503) {
  EXPECT_EQ(normalize_dist_name("nvidia_cudnn_cu13"), "nvidia-cudnn-cu13");
  EXPECT_EQ(normalize_dist_name("Nvidia.CUDA__Runtime"), "nvidia-cuda-runtime");
}

}  // namespace
}  // namespace gpudoctor::parse
