#include "util/strings.hpp"

#include <gtest/gtest.h>

using namespace gpudoctor::util;

TEST(Strings, SplitLinesHandlesCrlfLoneCrAndMissingNewline) {
  auto lines = split_lines("a\r\nb\rc\nd");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[1], "b");
  EXPECT_EQ(lines[2], "c");
  EXPECT_EQ(lines[3], "d");
}

TEST(Strings, CompareVersionsNumerically) {
  EXPECT_LT(compare_versions("9.2", "10.0"), 0);
  EXPECT_EQ(compare_versions("12.2", "12.2.0"), 0);
  EXPECT_GT(compare_versions("535.104.05", "535.54.03"), 0);
}

TEST(Strings, ParseIntRejectsTrailingGarbage) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("0x10de", 16), 0x10de);
  EXPECT_FALSE(parse_int("42a").has_value());
  EXPECT_FALSE(parse_int("").has_value());
}

TEST(Strings, VersionPrefix) {
  EXPECT_EQ(version_prefix("12.2.140", 2), "12.2");
  EXPECT_EQ(version_prefix("13", 2), "13");
}
