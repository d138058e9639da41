// CUDA_VISIBLE_DEVICES as gpudoctor reads it, against the driver's documented behaviour
// (CUDA C Programming Guide, "CUDA Environment Variables"; tests/helpers/fake_cuda.cpp
// implements the same, and tests/live/visible_devices_driver_test.cpp checks the two agree).
#include "parse/visible_devices.hpp"

#include <gtest/gtest.h>

#include "rules/facts_fixture.hpp"

using gpudoctor::parse::parse_visible_devices;
using gpudoctor::parse::VisibleDeviceEntry;

namespace {

std::vector<std::string> honoured(const std::string& value, std::optional<int> gpus) {
  std::vector<std::string> out;
  for (const auto& e : parse_visible_devices(value).honoured(gpus)) out.push_back(e.text);
  return out;
}

using Texts = std::vector<std::string>;

gpudoctor::facts::Facts with_cvd(const std::string& v) {
  auto f = gdtest::healthy();
  f.env.vars["CUDA_VISIBLE_DEVICES"] = v;
  return f;
}

}  // namespace

TEST(ParseVisibleDevices, EntriesAndKinds) {
  auto vd = parse_visible_devices(" 1, GPU-8f6e,MIG-GPU-8f6e/1/0,x,-1");
  ASSERT_EQ(vd.entries.size(), 5u);
  EXPECT_EQ(vd.entries[0].kind, VisibleDeviceEntry::Kind::index);
  EXPECT_EQ(vd.entries[0].index, 1);
  EXPECT_EQ(vd.entries[1].kind, VisibleDeviceEntry::Kind::gpu_uuid);
  EXPECT_EQ(vd.entries[2].kind, VisibleDeviceEntry::Kind::mig_uuid);
  EXPECT_EQ(vd.entries[3].kind, VisibleDeviceEntry::Kind::invalid);
  EXPECT_EQ(vd.entries[4].kind, VisibleDeviceEntry::Kind::invalid);  // -1 is no index
  EXPECT_TRUE(parse_visible_devices("").entries.empty());
}

// "0,2,-1,1" leaves 0 and 2 (CUDA C Programming Guide, "CUDA Environment Variables").
TEST(ParseVisibleDevices, CutAtTheFirstInvalidOrMissingEntry) {
  EXPECT_EQ(honoured("0,2,-1,1", 4), (Texts{"0", "2"}));
  EXPECT_EQ(honoured("1,7,0", 2), (Texts{"1"}));
  EXPECT_EQ(honoured("1,7,0", std::nullopt), (Texts{"1", "7", "0"}));  // no count: no range check
  EXPECT_TRUE(honoured("-1", 2).empty());
}

// Quiet: one GPU named once.
TEST(EnvironmentRules, E501QuietForOneDeviceNamedOnce) {
  EXPECT_FALSE(gdtest::fires(with_cvd("0"), "E501"));
  EXPECT_FALSE(gdtest::fires(with_cvd("0,-1"), "E501"));
}

