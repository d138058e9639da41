// CUDA_VISIBLE_DEVICES against a fake libcuda that follows NVIDIA's description of it,
// not gpudoctor's parser (tests/helpers/fake_cuda.cpp cites the sources). First the fake
// is pinned to the documented cases; then gpudoctor's static verdict on the same value
// (E501 "hides every GPU", E502 "only some entries take effect") must agree with what
// the driver made visible in the same run.
#include <gtest/gtest.h>

#include <algorithm>

#include "live_test_util.hpp"

using namespace gpudoctor::live::testkit;

namespace {

// The fake's two GPUs: cuDeviceGetUuid_v2 gives bytes 16*dev+i.
const std::string kUuid0 = "GPU-00010203-0405-0607-0809-0a0b0c0d0e0f";
const std::string kUuid1 = "GPU-10111213-1415-1617-1819-1a1b1c1d1e1f";

struct Seen {
  int init_result = -1;
  std::vector<std::string> uuids;  // the visible devices, in CUDA's order
  Run run;
};

Seen run_with(const std::string& cvd) {
  auto env = fake_env("", true);
  env["CUDA_VISIBLE_DEVICES"] = cvd;
  Seen s;
  s.run = run_gpudoctor({"--json"}, env);
  auto j = s.run.json();
  if (!j.is_object()) return s;
  const auto& c = j["facts"]["live"]["cuda"];
  s.init_result = c.value("init_result", -1);
  if (c.contains("devices"))
    for (const auto& d : c["devices"]) s.uuids.push_back(d.value("uuid", ""));
  return s;
}

using Uuids = std::vector<std::string>;

}  // namespace

// The guide's own examples, on two GPUs: "2,1" shows 2 before 1; "0,2,-1,1" stops at -1.
TEST(LiveVisibleDevicesDriver, IndicesInTheListsOrderUpToTheFirstInvalidEntry) {
  EXPECT_EQ(run_with("1,0").uuids, (Uuids{kUuid1, kUuid0}));
  EXPECT_EQ(run_with("1,-1,0").uuids, (Uuids{kUuid1}));
  EXPECT_EQ(run_with("0,7,1").uuids, (Uuids{kUuid0}));
  EXPECT_EQ(run_with(" 1").uuids, (Uuids{kUuid1}));
  auto none = run_with("-1");
  EXPECT_EQ(none.init_result, 100);
  EXPECT_TRUE(none.uuids.empty());
}

TEST(LiveVisibleDevicesDriver, UuidsAndUniquePrefixesNameGpus) {
  EXPECT_EQ(run_with(kUuid1).uuids, (Uuids{kUuid1}));
  EXPECT_EQ(run_with(kUuid1 + "," + kUuid0).uuids, (Uuids{kUuid1, kUuid0}));
  EXPECT_EQ(run_with("GPU-1").uuids, (Uuids{kUuid1}));       // enough characters for one GPU
  EXPECT_EQ(run_with("GPU-0001").uuids, (Uuids{kUuid0}));
  EXPECT_EQ(run_with("0," + kUuid1).uuids, (Uuids{kUuid0, kUuid1}));
  EXPECT_EQ(run_with("GPU-").init_result, 100);               // matches both: names none
  EXPECT_EQ(run_with("GPU-2").init_result, 100);              // matches no GPU
  EXPECT_EQ(run_with("1,GPU-2,0").uuids, (Uuids{kUuid1}));    // and cuts the list there
}

TEST(LiveVisibleDevicesDriver, MigNamesWithoutAMigInstanceNameNothing) {
  EXPECT_EQ(run_with("MIG-" + kUuid1 + "/1/0").init_result, 100);
  EXPECT_EQ(run_with("0,MIG-" + kUuid1 + "/1/0,1").uuids, (Uuids{kUuid0}));
}

TEST(LiveVisibleDevicesDriver, ADeviceNamedTwiceLeavesNone) {
  for (const std::string& cvd : std::vector<std::string>{"0,0", "0,1,0", "1,GPU-1", kUuid0 + ",0"}) {
    auto s = run_with(cvd);
    EXPECT_EQ(s.init_result, 100) << cvd;
    EXPECT_TRUE(s.uuids.empty()) << cvd;
  }
}

// gpudoctor's reading of the variable (no driver needed for it) against the driver's in
// the same run: E501 exactly when no device is visible, E502 exactly when fewer devices
// than entries are. NVML (the fake reports 2 GPUs, whatever the variable says) gives
// the GPU count that range-checks the indices.
TEST(LiveVisibleDevicesDriver, TheStaticVerdictAgreesWithTheDriver) {
  // Not here: a repeated device ("0,0"). The fake leaves no device (PyTorch's reading of the
  // driver, see fake_cuda.cpp); gpudoctor cuts the list there (E502). Which one the real
  // driver does is open (issue 11), so this test does not decide it.
  for (std::string cvd : std::vector<std::string>{"0", "1,0", " 1", "1,-1,0", "0,7,1", "7", "-1", "", "GPU-1", "0,x",
                                                  "x,0"}) {
    auto s = run_with(cvd);
    ASSERT_TRUE(s.run.json().is_object()) << cvd << ": " << s.run.out;
    auto entries = std::count(cvd.begin(), cvd.end(), ',') + 1;
    bool none = s.uuids.empty();
    bool some = !none && static_cast<long>(s.uuids.size()) < entries;
    EXPECT_EQ(s.run.has("E501"), none) << "CUDA_VISIBLE_DEVICES=\"" << cvd << "\": the driver shows "
                                       << s.uuids.size() << " device(s)";
    EXPECT_EQ(s.run.has("E502"), some) << "CUDA_VISIBLE_DEVICES=\"" << cvd << "\": the driver shows "
                                       << s.uuids.size() << " of " << entries;
  }
}
