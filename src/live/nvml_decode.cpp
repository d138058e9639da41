#include "live/nvml_decode.hpp"

#include <fmt/format.h>

#include <cstring>

namespace gpudoctor::live {
namespace {

template <class T>
T load(std::span<const unsigned char> b, size_t offset) {
  T v{};
  if (offset + sizeof(T) <= b.size()) std::memcpy(&v, b.data() + offset, sizeof(T));
  return v;
}

// The kernel's PID_MAX_LIMIT on 64-bit (include/linux/threads.h: 4 * 1024 * 1024).
constexpr unsigned kPidMaxLimit = 4u * 1024 * 1024;
constexpr unsigned kNoMigId = 0xFFFFFFFFu;
// MIG instance ids are small (at most 7 GPU instances); anything else is misaligned data.
constexpr unsigned kMaxMigId = 64;

bool plausible_mig_id(unsigned id) { return id == kNoMigId || id < kMaxMigId; }

}  // namespace

std::string c_string(std::span<const unsigned char> b) {
  size_t n = 0;
  while (n < b.size() && b[n] != 0) ++n;
  return std::string(reinterpret_cast<const char*>(b.data()), n);
}

PciInfo decode_pci_info(std::span<const unsigned char, kPciInfoSize> b) {
  PciInfo p;
  p.bus_id_legacy = c_string(b.subspan(0, 16));
  p.domain = load<uint32_t>(b, 16);
  p.bus = load<uint32_t>(b, 20);
  p.device = load<uint32_t>(b, 24);
  uint32_t id = load<uint32_t>(b, 28);
  p.device_id = fmt::format("{:04x}", id >> 16);
  p.vendor_id = fmt::format("{:04x}", id & 0xFFFFu);
  p.bus_id = c_string(b.subspan(36, 32));
  return p;
}

MemoryInfo decode_memory(std::span<const unsigned char, kMemorySize> b) {
  return {load<uint64_t>(b, 0), load<uint64_t>(b, 8), load<uint64_t>(b, 16)};
}

Utilization decode_utilization(std::span<const unsigned char, kUtilizationSize> b) {
  return {load<uint32_t>(b, 0), load<uint32_t>(b, 4)};
}

bool plausible_processes(std::span<const unsigned char> buf, unsigned count, int stride) {
  if (stride <= 0 || static_cast<size_t>(stride) * count > buf.size()) return false;
  for (unsigned i = 0; i < count; ++i) {
    size_t at = static_cast<size_t>(stride) * i;
    unsigned pid = load<uint32_t>(buf, at);
    if (pid == 0 || pid > kPidMaxLimit) return false;
    if (stride >= kProcessInfoV2Size &&
        (!plausible_mig_id(load<uint32_t>(buf, at + 16)) || !plausible_mig_id(load<uint32_t>(buf, at + 20))))
      return false;
  }
  return true;
}

std::vector<facts::NvmlProcess> decode_processes(std::span<const unsigned char> buf, unsigned count, int stride,
                                                 int& stride_used) {
  stride_used = stride;
  if (!plausible_processes(buf, count, stride)) {
    for (int s : {kProcessInfoV2Size, kProcessInfoV3Size, kProcessInfoV1Size})
      if (s != stride && plausible_processes(buf, count, s)) {
        stride_used = s;
        break;
      }
  }
  std::vector<facts::NvmlProcess> out;
  if (stride_used <= 0 || static_cast<size_t>(stride_used) * count > buf.size()) return out;
  for (unsigned i = 0; i < count; ++i) {
    size_t at = static_cast<size_t>(stride_used) * i;
    facts::NvmlProcess p;
    p.pid = load<uint32_t>(buf, at);
    p.used_bytes = load<uint64_t>(buf, at + 8);  // 4 bytes of padding after pid
    if (stride_used >= kProcessInfoV2Size) {
      p.gpu_instance_id = load<uint32_t>(buf, at + 16);
      p.compute_instance_id = load<uint32_t>(buf, at + 20);
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<std::string> clocks_event_reason_names(unsigned long long mask) {
  static const std::pair<unsigned long long, const char*> kNames[] = {
      {kReasonGpuIdle, "gpu idle"},
      {kReasonApplicationsClocksSetting, "applications clocks setting"},
      {kReasonSwPowerCap, "software power cap"},
      {kReasonHwSlowdown, "hardware slowdown"},
      {kReasonSyncBoost, "sync boost"},
      {kReasonSwThermalSlowdown, "software thermal slowdown"},
      {kReasonHwThermalSlowdown, "hardware thermal slowdown"},
      {kReasonHwPowerBrakeSlowdown, "hardware power brake slowdown"},
      {kReasonDisplayClockSetting, "display clock setting"},
  };
  std::vector<std::string> out;
  unsigned long long known = 0;
  for (const auto& [bit, name] : kNames) {
    known |= bit;
    if (mask & bit) out.emplace_back(name);
  }
  if (mask & ~known) out.push_back(fmt::format("other (0x{:x})", mask & ~known));
  return out;
}

std::string compute_mode_name(int mode) {
  switch (mode) {
    case 0: return "Default";
    case 1: return "Exclusive_Thread";
    case 2: return "Prohibited";
    case 3: return "Exclusive_Process";
    default: return fmt::format("unknown ({})", mode);
  }
}

}  // namespace gpudoctor::live
