#include "parse/nvrm_version.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

using namespace std::string_literals;

TEST(NvrmVersion, Proprietary) {
  auto r = parse_nvrm_version(
      "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n"
      "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14) \n");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->version, "535.104.05");
  EXPECT_FALSE(r->open);
  EXPECT_EQ(r->arch, "x86_64");
  EXPECT_EQ(r->nvrm_line, "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023");
  EXPECT_EQ(r->gcc_line, "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)");
}

TEST(NvrmVersion, OpenFlavourTokenAfterModuleIsFor) {
  auto r = parse_nvrm_version(
      "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  555.42.06  Release Build  "
      "(dvs-builder@U16-I3-B03-4-3)  Tue Apr 30 19:22:03 UTC 2024\n");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->version, "555.42.06");
  EXPECT_TRUE(r->open);
  EXPECT_EQ(r->arch, "x86_64");
}

TEST(NvrmVersion, Aarch64BothFlavoursAndTwoPartVersions) {
  auto p = parse_nvrm_version("NVRM version: NVIDIA UNIX aarch64 Kernel Module  550.120  Fri Sep 13 11:01:10 UTC 2024");
  ASSERT_TRUE(p) << p.error;
  EXPECT_EQ(p->version, "550.120");
  EXPECT_EQ(p->arch, "aarch64");
  EXPECT_FALSE(p->open);
  auto o = parse_nvrm_version(
      "NVRM version: NVIDIA UNIX Open Kernel Module for aarch64  580.142  Release Build  "
      "(dvs-builder@U22-I3-H10-02-1)  Tue Mar  3 19:08:06 UTC 2026\n");
  ASSERT_TRUE(o) << o.error;
  EXPECT_EQ(o->version, "580.142");
  EXPECT_EQ(o->arch, "aarch64");
  EXPECT_TRUE(o->open);
}

TEST(NvrmVersion, GccVersionIsNotTakenForTheDriver) {
  auto r = parse_nvrm_version("GCC version:  gcc version 13.3.0\nNVRM version: NVIDIA UNIX x86_64 Kernel Module  Garbage\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error.find("no version number"), std::string::npos);
}

TEST(NvrmVersion, CrlfNulAndNoNewline) {
  auto r = parse_nvrm_version("NVRM version: NVIDIA UNIX x86_64 Kernel Module  470.223.02  Sat Oct  7 2023\r\n\0\0"s);
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->version, "470.223.02");
  auto nul = parse_nvrm_version("NVRM version: NVIDIA\0UNIX x86_64 Kernel Module  1.2.3"s);
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->nvrm_line.find('\0'), std::string::npos);
}

TEST(NvrmVersion, Failures) {
  EXPECT_FALSE(parse_nvrm_version(""));
  EXPECT_FALSE(parse_nvrm_version("hello world\n"));
  EXPECT_FALSE(parse_nvrm_version("NVRM version:"));
}

TEST(NvrmVersion, IsDriverVersion) {
  EXPECT_TRUE(is_driver_version("535.104.05"));
  EXPECT_TRUE(is_driver_version("550.54"));
  EXPECT_FALSE(is_driver_version("550"));
  EXPECT_FALSE(is_driver_version("1.2.3.4"));
  EXPECT_FALSE(is_driver_version("01:15:15"));
  EXPECT_FALSE(is_driver_version("5a.1"));
  EXPECT_FALSE(is_driver_version("5..1"));
  EXPECT_FALSE(is_driver_version("."));
  EXPECT_FALSE(is_driver_version(""));
}

TEST(NvrmVersion, ModuleVersionFile) {
  auto v = parse_module_version("550.54.15\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, "550.54.15");
  EXPECT_FALSE(parse_module_version("garbage\n"));
  EXPECT_FALSE(parse_module_version(""));
}

}  // namespace
}  // namespace gpudoctor::parse
