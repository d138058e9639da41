#pragma once
// PCIe link arithmetic and the sysfs link files, for "H2D 3.1 GB/s: the link runs at Gen1 x16".
#include <string>
#include <string_view>

namespace gpudoctor::live {

// "16.0 GT/s PCIe" (sysfs current_link_speed) -> 4; 0 when unknown.
int pcie_gen_from_speed(std::string_view text);
// Usable bandwidth of one direction in GB/s (1e9 bytes): the lane rate after line
// encoding, as the Linux kernel computes it (drivers/pci/pci.h PCIE_SPEED2MBS_ENC:
// Gen1/2 8b/10b, Gen3-5 128b/130b, Gen6+ FLIT mode 1:1), times the width. Packet
// headers cost more still, so real copies reach roughly 80% of this.
double pcie_gbs(int gen, int width);
// "00000000:3B:00.0" (NVML, CUDA) -> "0000:3b:00.0" (sysfs).
std::string normalize_bdf(std::string_view bdf);

struct LinkState {
  int gen = -1, width = -1, max_gen = -1, max_width = -1;
};
// Reads <sysfs_root>/bus/pci/devices/<bdf>/{current,max}_link_{speed,width}.
LinkState read_link_state(const std::string& sysfs_root, const std::string& bdf);

}  // namespace gpudoctor::live
