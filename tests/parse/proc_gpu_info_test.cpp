#include "parse/proc_gpu_info.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

using namespace std::string_literals;

// As nv_procfs_read_gpu_info prints it ("Key: \t value").
constexpr std::string_view kH100 =
    "Model: \t\t NVIDIA H100 80GB HBM3\n"
    "IRQ:   \t\t 146\n"
    "GPU UUID: \t GPU-7d0a1b5e-3c3f-4f3c-9a51-2b6b5a0c1d2e\n"
    "Video BIOS: \t 96.00.99.00.01\n"
    "Bus Type: \t PCIe\n"
    "DMA Size: \t 52 bits\n"
    "DMA Mask: \t 0xfffffffffffff\n"
    "Bus Location: \t 0000:18:00.0\n"
    "Device Minor: \t 0\n"
    "GPU Firmware: \t 550.54.15\n"
    "GPU Excluded:\t No\n";

TEST(ProcGpuInfo, AllFields) {
  auto r = parse_proc_gpu_info(kH100);
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->model, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(r->uuid, "GPU-7d0a1b5e-3c3f-4f3c-9a51-2b6b5a0c1d2e");
  EXPECT_EQ(r->video_bios, "96.00.99.00.01");
  EXPECT_EQ(r->bus_type, "PCIe");
  EXPECT_EQ(r->bus_location, "0000:18:00.0");
  EXPECT_EQ(r->device_minor, 0);
  EXPECT_EQ(r->gpu_firmware, "550.54.15");
  EXPECT_FALSE(r->excluded);
  EXPECT_TRUE(r->issues.empty());
}

TEST(ProcGpuInfo, ExcludedNoFirmwareCrlf) {
  auto r = parse_proc_gpu_info("Model: \t\t Tesla T4\r\nDevice Minor: \t 3\r\nGPU Excluded:\t Yes\r\n");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->model, "Tesla T4");
  EXPECT_EQ(r->device_minor, 3);
  EXPECT_TRUE(r->excluded);
  EXPECT_EQ(r->gpu_firmware, "");
  EXPECT_EQ(r->uuid, "");
}

TEST(ProcGpuInfo, BadValuesBecomeIssues) {
  auto r = parse_proc_gpu_info("Model: x\nDevice Minor: \t lots\nGPU Excluded: maybe\nDevice Minor: -4\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->device_minor, -1);
  EXPECT_FALSE(r->excluded);
  ASSERT_EQ(r->issues.size(), 3u);
  EXPECT_EQ(r->issues[0], "bad Device Minor \"lots\"");
  EXPECT_EQ(r->issues[1], "bad GPU Excluded \"maybe\"");
}

TEST(ProcGpuInfo, NoModelFails) {
  EXPECT_FALSE(parse_proc_gpu_info(""));
  EXPECT_FALSE(parse_proc_gpu_info("IRQ: 5\n"));
  EXPECT_FALSE(parse_proc_gpu_info("\0\0\0garbage"s));
  auto nul = parse_proc_gpu_info("Model: A\0B\n"s);
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->model, "A?B");
}

}  // namespace
}  // namespace gpudoctor::parse
