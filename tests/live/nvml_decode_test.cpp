// NVML structures decoded from bytes laid out as nvml.h says, and the process-list trap.
#include "live/nvml_decode.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "live/nvml_api.hpp"

using namespace gpudoctor::live;

namespace {

template <class T>
void put(std::vector<unsigned char>& b, size_t off, T v) {
  std::memcpy(b.data() + off, &v, sizeof v);
}

// One process entry as a driver writes it, `stride` bytes; padding is left as 0xAA so a
// decoder that reads the wrong bytes notices.
void entry(std::vector<unsigned char>& b, size_t stride, size_t i, uint32_t pid, uint64_t used, uint32_t gi = 0xFFFFFFFFu,
           uint32_t ci = 0xFFFFFFFFu, uint64_t cc = 0) {
  size_t at = stride * i;
  if (b.size() < at + stride) b.resize(at + stride, 0xAA);
  put<uint32_t>(b, at, pid);
  put<uint64_t>(b, at + 8, used);
  if (stride >= 24) {
    put<uint32_t>(b, at + 16, gi);
    put<uint32_t>(b, at + 20, ci);
  }
  if (stride >= 32) put<uint64_t>(b, at + 24, cc);
}

}  // namespace

TEST(LiveNvmlDecode, PciInfo) {
  std::vector<unsigned char> b(kPciInfoSize, 0);
  std::memcpy(b.data(), "0000:3B:00.0", 12);
  put<uint32_t>(b, 16, 0);
  put<uint32_t>(b, 20, 0x3B);
  put<uint32_t>(b, 24, 0);
  put<uint32_t>(b, 28, 0x233010DEu);  // H100 SXM5: device 0x2330, vendor 0x10de
  put<uint32_t>(b, 32, 0x16C110DEu);
  std::memcpy(b.data() + 36, "00000000:3B:00.0", 16);
  auto p = decode_pci_info(std::span<const unsigned char, kPciInfoSize>(b.data(), kPciInfoSize));
  EXPECT_EQ(p.bus_id, "00000000:3B:00.0");
  EXPECT_EQ(p.bus_id_legacy, "0000:3B:00.0");
  EXPECT_EQ(p.bus, 0x3Bu);
  EXPECT_EQ(p.device_id, "2330");
  EXPECT_EQ(p.vendor_id, "10de");
}

TEST(LiveNvmlDecode, PciBusIdWithoutTerminatingNul) {
  std::vector<unsigned char> b(kPciInfoSize, 'A');
  auto p = decode_pci_info(std::span<const unsigned char, kPciInfoSize>(b.data(), kPciInfoSize));
  EXPECT_EQ(p.bus_id.size(), 32u);
  EXPECT_EQ(p.bus_id_legacy.size(), 16u);
}

TEST(LiveNvmlDecode, MemoryAndUtilization) {
  std::vector<unsigned char> m(kMemorySize);
  put<uint64_t>(m, 0, 85899345920ull);  // 80 GiB total
  put<uint64_t>(m, 8, 21474836480ull);  // free
  put<uint64_t>(m, 16, 64424509440ull); // used
  auto mem = decode_memory(std::span<const unsigned char, kMemorySize>(m.data(), kMemorySize));
  EXPECT_EQ(mem.total, 85899345920ull);
  EXPECT_EQ(mem.free, 21474836480ull);
  EXPECT_EQ(mem.used, 64424509440ull);
  std::vector<unsigned char> u(kUtilizationSize);
  put<uint32_t>(u, 0, 97);
  put<uint32_t>(u, 4, 40);
  auto util = decode_utilization(std::span<const unsigned char, kUtilizationSize>(u.data(), kUtilizationSize));
  EXPECT_EQ(util.gpu, 97u);
  EXPECT_EQ(util.memory, 40u);
}

TEST(LiveNvmlDecode, ProcessesV2Layout) {
  std::vector<unsigned char> b;
  entry(b, 24, 0, 4242, 40ull << 30);
  entry(b, 24, 1, 77, 1ull << 30, 1, 0);
  int used = 0;
  auto p = decode_processes(b, 2, kProcessInfoV2Size, used);
  EXPECT_EQ(used, 24);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].pid, 4242u);
  EXPECT_EQ(p[0].used_bytes, 40ull << 30);
  EXPECT_EQ(p[0].gpu_instance_id, 0xFFFFFFFFu);
  EXPECT_EQ(p[1].pid, 77u);
  EXPECT_EQ(p[1].gpu_instance_id, 1u);
  EXPECT_EQ(p[1].compute_instance_id, 0u);
}

// R535 drivers write 32-byte entries from the _v3 functions without saying so (nvitop
// PR #79, go-nvml #75): read as 24 bytes, the second pid is the first entry's
// usedGpuCcProtectedMemory (0), so the decoder must switch.
TEST(LiveNvmlDecode, ProcessesR535LayoutIsDetected) {
  std::vector<unsigned char> b;
  entry(b, 32, 0, 4242, 40ull << 30);
  entry(b, 32, 1, 77, 2ull << 30);
  entry(b, 32, 2, 99, 3ull << 30);
  int used = 0;
  auto p = decode_processes(b, 3, kProcessInfoV2Size, used);
  EXPECT_EQ(used, 32);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[1].pid, 77u);
  EXPECT_EQ(p[2].pid, 99u);
  EXPECT_EQ(p[2].used_bytes, 3ull << 30);
}

TEST(LiveNvmlDecode, ProcessesV1Layout) {
  std::vector<unsigned char> b;
  entry(b, 16, 0, 10, 1ull << 20);
  entry(b, 16, 1, 11, 2ull << 20);
  int used = 0;
  auto p = decode_processes(b, 2, kProcessInfoV1Size, used);
  EXPECT_EQ(used, 16);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].pid, 11u);
  EXPECT_EQ(p[1].used_bytes, 2ull << 20);
  EXPECT_EQ(p[1].gpu_instance_id, 0xFFFFFFFFu);
}

TEST(LiveNvmlDecode, ProcessesNoneAndShortBuffer) {
  int used = 0;
  EXPECT_TRUE(decode_processes({}, 0, kProcessInfoV2Size, used).empty());
  std::vector<unsigned char> small(10, 0);
  EXPECT_TRUE(decode_processes(small, 1, kProcessInfoV2Size, used).empty());
}

TEST(LiveNvmlDecode, ProcessInfoStrideFromExportedSymbols) {
  // nvitop's heuristic: _v3 + ConfComputeMemSizeInfo without RunningProcessDetailList = R535.
  EXPECT_EQ(process_info_stride(true, true, true, false), 32);
  EXPECT_EQ(process_info_stride(true, true, true, true), 24);
  EXPECT_EQ(process_info_stride(true, true, false, false), 24);
  EXPECT_EQ(process_info_stride(false, true, false, false), 24);
  EXPECT_EQ(process_info_stride(false, false, false, false), 16);
}

TEST(LiveNvmlDecode, ClocksEventReasons) {
  auto names = clocks_event_reason_names(0x44);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "software power cap");
  EXPECT_EQ(names[1], "hardware thermal slowdown");
  EXPECT_TRUE(clocks_event_reason_names(0).empty());
  auto odd = clocks_event_reason_names(0x1000);
  ASSERT_EQ(odd.size(), 1u);
  EXPECT_EQ(odd[0], "other (0x1000)");
  EXPECT_TRUE(kReasonsDegrading & kReasonHwThermalSlowdown);
  EXPECT_FALSE(kReasonsDegrading & kReasonGpuIdle);
  EXPECT_FALSE(kReasonsDegrading & kReasonSwPowerCap);
}

TEST(LiveNvmlDecode, ComputeModeNames) {
  EXPECT_EQ(compute_mode_name(0), "Default");
  EXPECT_EQ(compute_mode_name(2), "Prohibited");
  EXPECT_EQ(compute_mode_name(3), "Exclusive_Process");
  EXPECT_EQ(compute_mode_name(9), "unknown (9)");
}
