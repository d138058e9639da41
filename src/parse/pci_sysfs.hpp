#pragma once
// Attribute files of /sys/bus/pci/devices/<BDF>/ (Linux drivers/pci/pci-sysfs.c):
// vendor, device, subsystem_* are "0x%04x\n", class is "0x%06x\n",
// *_link_speed is pci_speed_string() ("16.0 GT/s PCIe"; kernels up to 5.6
// printed "16 GT/s"), *_link_width and numa_node are decimal.
#include <cstdint>
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

// "0x10de\n" with exactly `digits` hex digits, so a truncated "0x03" class file is
// an error rather than class 0x000003.
ParseResult<uint32_t> parse_sysfs_hex(std::string_view text, size_t digits);

// A decimal attribute ("16\n", "-1\n").
ParseResult<long long> parse_sysfs_int(std::string_view text);

// PCIe generation for a link speed: 2.5 GT/s -> 1, 5 -> 2, 8 -> 3, 16 -> 4, 32 -> 5,
// 64 -> 6 (the kernel's pci_speed_string table ends at 64.0 GT/s); 0 for
// "Unknown", PCI-X/AGP speeds and anything else.
int pcie_generation(std::string_view link_speed);

// "0000:01:00.0": domain:bus:device.function in lowercase hex as sysfs names them.
bool is_pci_bdf(std::string_view name);

// Lowercase hex with a fixed width: hex_id(0x10de, 4) == "10de".
std::string hex_id(uint32_t value, int width);

}  // namespace gpudoctor::parse
