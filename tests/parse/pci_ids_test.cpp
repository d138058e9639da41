#include "parse/pci_ids.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

// Shaped like pci.ids: header comments, vendors before and after, device lines with
// one tab, subsystem lines with two, names holding ':' and brackets, then the class list.
constexpr std::string_view kIds =
    "#\n#\tList of PCI ID's\n#\n# Version: 2026.05.24\n\n"
    "10dd  Evans & Sutherland\n"
    "\t0100  Lightning 1200\n"
    "10de  NVIDIA Corporation\n"
    "\t0020  NV4 [Riva TNT]\n"
    "\t\t1043 0200  V3400 TNT\n"
    "# comment inside the block\n"
    "\t2330  GH100 [H100 SXM5 80GB]\n"
    "\t2321  GH100L [H100 NVL]\n"
    "\t\t10de 1839  H100 NVL\n"
    "\t\t10DE 1840  Weird: name [with] brackets\n"
    "\t2bb5  GB202GL [RTX PRO 6000 Blackwell Server Edition]\n"
    "\t1234  Some Device: rev 2 [odd]\n"
    "\tzzzz  not an id\n"
    "\t0fff  Plain name without chip\n"
    "10df  Emulex Corporation\n"
    "\t1ae5  LP6000 Fibre Channel Host Adapter\n"
    "C 03  Display controller\n"
    "\t00  VGA compatible controller\n";

TEST(PciIds, VendorBlock) {
  auto r = parse_pci_ids_vendor(kIds, "10DE");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->vendor_id, "10de");
  EXPECT_EQ(r->name, "NVIDIA Corporation");
  ASSERT_EQ(r->devices.size(), 6u);
  EXPECT_EQ(r->bad_lines, 1);
  ASSERT_NE(r->device("2321"), nullptr);
  EXPECT_EQ(r->device("2321")->subsystems.size(), 2u);
  EXPECT_EQ(r->device("2321")->subsystems[1].subvendor, "10de");
  EXPECT_EQ(r->device("2321")->subsystems[1].name, "Weird: name [with] brackets");
  // The neighbours' devices are not taken in.
  EXPECT_EQ(r->device("0100"), nullptr);
  EXPECT_EQ(r->device("1ae5"), nullptr);
}

TEST(PciIds, LookupUsesSubsystemThenModel) {
  auto r = parse_pci_ids_vendor(kIds, "10de");
  ASSERT_TRUE(r);
  auto h100 = pci_ids_lookup(*r, "2330", "10de", "16c1");
  EXPECT_EQ(h100.model, "H100 SXM5 80GB");
  EXPECT_EQ(h100.chip, "GH100");
  auto nvl = pci_ids_lookup(*r, "2321", "10de", "1839");
  EXPECT_EQ(nvl.model, "H100 NVL");
  EXPECT_EQ(nvl.chip, "GH100L");
  auto pro = pci_ids_lookup(*r, "2BB5");
  EXPECT_EQ(pro.model, "RTX PRO 6000 Blackwell Server Edition");
  EXPECT_EQ(pro.chip, "GB202GL");
  auto plain = pci_ids_lookup(*r, "0fff");
  EXPECT_EQ(plain.model, "Plain name without chip");
  EXPECT_EQ(plain.chip, "");
  EXPECT_TRUE(pci_ids_lookup(*r, "ffff").model.empty());
}

TEST(PciIds, SplitName) {
  EXPECT_EQ(split_pci_ids_name("GA102 [GeForce RTX 3090]").chip, "GA102");
  EXPECT_EQ(split_pci_ids_name("GA102 [GeForce RTX 3090]").model, "GeForce RTX 3090");
  // Prefix is not one word: keep the whole name.
  EXPECT_EQ(split_pci_ids_name("Some Device: rev 2 [odd]").model, "Some Device: rev 2 [odd]");
  EXPECT_EQ(split_pci_ids_name("Some Device: rev 2 [odd]").chip, "");
  EXPECT_EQ(split_pci_ids_name("[only]").model, "[only]");
  EXPECT_EQ(split_pci_ids_name("").model, "");
}

TEST(PciIds, CrlfAndMissingVendor) {
  auto r = parse_pci_ids_vendor("10de  NVIDIA Corporation\r\n\t2330  GH100 [H100 SXM5 80GB]\r\n", "10de");
  ASSERT_TRUE(r) << r.error;
  ASSERT_EQ(r->devices.size(), 1u);
  EXPECT_EQ(r->devices[0].name, "GH100 [H100 SXM5 80GB]");
  auto none = parse_pci_ids_vendor("8086  Intel Corporation\n\t1234  x\n", "10de");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error, "vendor 10de not listed");
  EXPECT_FALSE(parse_pci_ids_vendor("", "10de"));
}

TEST(PciIds, SubsystemBeforeAnyDeviceIsBad) {
  auto r = parse_pci_ids_vendor("10de  NVIDIA\n\t\t10de 0001  orphan\n\t2330  GH100 [H100]\n", "10de");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->bad_lines, 1);
  EXPECT_EQ(r->devices.size(), 1u);
}

}  // namespace
}  // namespace gpudoctor::parse
