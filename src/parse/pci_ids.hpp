#pragma once
// pci.ids, the PCI ID database (pciutils/pciids; /usr/share/misc/pci.ids on
// Debian, /usr/share/hwdata/pci.ids on Fedora). Its header gives the syntax:
//   vendor  vendor_name
//   <TAB>device  device_name
//   <TAB><TAB>subvendor subdevice  subsystem_name
// ids are four lowercase hex digits followed by two spaces; names may hold ':' and
// brackets ("GH100 [H100 SXM5 80GB]"). Only one vendor's block is kept.
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct PciIdsSubsystem {
  std::string subvendor, subdevice, name;
};

struct PciIdsDevice {
  std::string device_id, name;
  std::vector<PciIdsSubsystem> subsystems;
};

struct PciIdsVendor {
  std::string vendor_id, name;
  std::vector<PciIdsDevice> devices;
  int bad_lines = 0;  // lines inside the block that follow neither syntax

  const PciIdsDevice* device(std::string_view device_id) const;
};

// The block of `vendor_id` ("10de"); fails when the vendor is not in the text.
ParseResult<PciIdsVendor> parse_pci_ids_vendor(std::string_view text, std::string_view vendor_id);

// "GH100 [H100 SXM5 80GB]" -> chip "GH100", model "H100 SXM5 80GB". Names without a
// trailing bracket, or whose prefix is not a single word, are all model.
struct PciIdsName {
  std::string chip, model;
};
PciIdsName split_pci_ids_name(std::string_view name);

// Marketing name and chip for a device: the subsystem's name when
// (subvendor, subdevice) is listed, else the model part of the device name.
// Empty model when the device is unknown.
PciIdsName pci_ids_lookup(const PciIdsVendor& vendor, std::string_view device_id,
                          std::string_view subvendor = {}, std::string_view subdevice = {});

}  // namespace gpudoctor::parse
