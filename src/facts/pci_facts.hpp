#pragma once
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// One NVIDIA display/3D controller found in /sys/bus/pci/devices (needs no driver).
struct PciGpu {
  std::string bdf;           // "0000:01:00.0"
  std::string vendor_id;     // "10de"
  std::string device_id;     // "2330"
  std::string subsystem_vendor_id;
  std::string subsystem_device_id;
  std::string class_code;    // "030000" VGA, "030200" 3D controller
  std::string driver;        // bound driver: "nvidia", "nouveau", "vfio-pci", "" for none
  int current_link_gen = 0;  // 0 = unknown
  int current_link_width = 0;
  int max_link_gen = 0;
  int max_link_width = 0;
  std::string current_link_speed;  // raw sysfs text, e.g. "16.0 GT/s PCIe"
  std::string max_link_speed;
  int numa_node = -1;
  std::string name;          // marketing name, e.g. "NVIDIA H100 80GB HBM3"
  std::string chip;          // "GH100"
  std::string architecture;  // "Hopper"
  std::string compute_capability;  // "9.0", "" when unknown
  std::string name_source;   // "kb", "pci.ids", ""
};
GD_JSON(PciGpu, bdf, vendor_id, device_id, subsystem_vendor_id, subsystem_device_id, class_code, driver,
        current_link_gen, current_link_width, max_link_gen, max_link_width, current_link_speed,
        max_link_speed, numa_node, name, chip, architecture, compute_capability, name_source)

struct PciFacts {
  bool sysfs_readable = false;   // /sys/bus/pci/devices could be listed
  int devices_scanned = 0;
  std::vector<PciGpu> gpus;
  std::string pci_ids_path;      // the pci.ids names came from, "" when none was needed or found
};
GD_JSON(PciFacts, sysfs_readable, devices_scanned, gpus, pci_ids_path)

}  // namespace gpudoctor::facts
