#include "parse/pci_sysfs.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

using namespace std::string_literals;

TEST(PciSysfs, HexAttributes) {
  auto v = parse_sysfs_hex("0x10de\n", 4);
  ASSERT_TRUE(v) << v.error;
  EXPECT_EQ(*v, 0x10deu);
  auto c = parse_sysfs_hex("0x030200\n", 6);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, 0x030200u);
  EXPECT_EQ(*parse_sysfs_hex("0X10DE", 4), 0x10deu);
  EXPECT_EQ(*parse_sysfs_hex("0x10de\r\n", 4), 0x10deu);
}

TEST(PciSysfs, TruncatedOrGarbageHexFails) {
  auto t = parse_sysfs_hex("0x03", 6);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error, "expected 0x and 6 hex digits, got \"0x03\"");
  EXPECT_FALSE(parse_sysfs_hex("", 4));
  EXPECT_FALSE(parse_sysfs_hex("10de", 4));
  EXPECT_FALSE(parse_sysfs_hex("0x10dg", 4));
  EXPECT_FALSE(parse_sysfs_hex("0x10de0", 4));
  auto nul = parse_sysfs_hex("0x1\0de"s, 4);
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error.find('\0'), std::string::npos);
}

TEST(PciSysfs, Integers) {
  EXPECT_EQ(*parse_sysfs_int("16\n"), 16);
  EXPECT_EQ(*parse_sysfs_int("-1\n"), -1);
  EXPECT_FALSE(parse_sysfs_int("x16"));
  EXPECT_FALSE(parse_sysfs_int(""));
}

TEST(PciSysfs, LinkSpeedToGeneration) {
  // pci_speed_string() in drivers/pci/probe.c, and the pre-5.7 spellings.
  EXPECT_EQ(pcie_generation("2.5 GT/s PCIe\n"), 1);
  EXPECT_EQ(pcie_generation("5.0 GT/s PCIe"), 2);
  EXPECT_EQ(pcie_generation("8.0 GT/s PCIe"), 3);
  EXPECT_EQ(pcie_generation("16.0 GT/s PCIe"), 4);
  EXPECT_EQ(pcie_generation("32.0 GT/s PCIe"), 5);
  EXPECT_EQ(pcie_generation("64.0 GT/s PCIe"), 6);
  EXPECT_EQ(pcie_generation("2.5 GT/s"), 1);
  EXPECT_EQ(pcie_generation("5 GT/s"), 2);
  EXPECT_EQ(pcie_generation("8 GT/s"), 3);
  EXPECT_EQ(pcie_generation("16 GT/s"), 4);
  EXPECT_EQ(pcie_generation("32 GT/s"), 5);
  EXPECT_EQ(pcie_generation("Unknown"), 0);
  EXPECT_EQ(pcie_generation("133 MHz PCI-X 533"), 0);
  EXPECT_EQ(pcie_generation("8x AGP"), 0);
  EXPECT_EQ(pcie_generation("12.0 GT/s PCIe"), 0);
  EXPECT_EQ(pcie_generation(""), 0);
}

TEST(PciSysfs, Bdf) {
  EXPECT_TRUE(is_pci_bdf("0000:01:00.0"));
  EXPECT_TRUE(is_pci_bdf("0000:c1:00.7"));
  EXPECT_TRUE(is_pci_bdf("10000:e1:00.0"));  // VMD domain
  EXPECT_FALSE(is_pci_bdf("0000:01:00.8"));
  EXPECT_FALSE(is_pci_bdf("0000:01:00"));
  EXPECT_FALSE(is_pci_bdf("01:00.0"));
  EXPECT_FALSE(is_pci_bdf("0000:zz:00.0"));
  EXPECT_FALSE(is_pci_bdf(""));
}

TEST(PciSysfs, HexId) {
  EXPECT_EQ(hex_id(0x10de, 4), "10de");
  EXPECT_EQ(hex_id(0x2330, 4), "2330");
  EXPECT_EQ(hex_id(0x30200, 6), "030200");
  EXPECT_EQ(hex_id(0, 4), "0000");
}

}  // namespace
}  // namespace gpudoctor::parse
