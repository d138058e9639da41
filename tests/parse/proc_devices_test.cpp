#include "parse/proc_devices.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

TEST(ProcDevices, FindsUvmMajor) {
  auto r = parse_proc_devices(
      "Character devices:\n  1 mem\n  4 /dev/vc/0\n195 nvidia-frontend\n235 nvidia-caps\n"
      "509 nvidia-uvm\n\nBlock devices:\n  7 loop\n259 blkext\n");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->char_major("nvidia-uvm"), 509);
  EXPECT_EQ(r->char_major("nvidia-frontend"), 195);
  EXPECT_EQ(r->char_major("/dev/vc/0"), 4);
  EXPECT_EQ(r->char_major("loop"), std::nullopt);  // a block device
  EXPECT_EQ(r->block.size(), 2u);
  EXPECT_EQ(r->bad_lines, 0);
}

TEST(ProcDevices, NoUvm) {
  auto r = parse_proc_devices("Character devices:\r\n  1 mem\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->char_major("nvidia-uvm"), std::nullopt);
}

TEST(ProcDevices, BadLinesAndGarbage) {
  auto r = parse_proc_devices("Character devices:\nabc nvidia-uvm\n99999 big\n12\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->bad_lines, 3);
  EXPECT_TRUE(r->character.empty());
  EXPECT_FALSE(parse_proc_devices(""));
  EXPECT_FALSE(parse_proc_devices("509 nvidia-uvm\n"));
}

}  // namespace
}  // namespace gpudoctor::parse
