#include "parse/pci_ids.hpp"

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

bool is_hex4(std::string_view s) {
  if (s.size() != 4) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

// "<id>  <name>": the id, then at least one space, then the name (trimmed).
bool split_id(std::string_view line, std::string& id, std::string& name) {
  if (line.size() < 5 || !is_hex4(line.substr(0, 4)) || (line[4] != ' ' && line[4] != '\t')) return false;
  id = util::to_lower(line.substr(0, 4));
  name = std::string(util::trim(line.substr(4)));
  return true;
}

}  // namespace

const PciIdsDevice* PciIdsVendor::device(std::string_view device_id) const {
  std::string id = util::to_lower(device_id);
  for (const auto& d : devices)
    if (d.device_id == id) return &d;
  return nullptr;
}

ParseResult<PciIdsVendor> parse_pci_ids_vendor(std::string_view text, std::string_view vendor_id) {
  PciIdsVendor out;
  std::string want = util::to_lower(vendor_id);
  bool inside = false;
  // Walk lines without copying the (1+ MB) file into a vector of strings.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!inside) {
      std::string id, name;
      if (line.front() != '\t' && split_id(line, id, name) && id == want) {
        inside = true;
        out.vendor_id = id;
        out.name = name;
      }
      continue;
    }
    if (line.front() != '\t') break;  // next vendor or the class list ("C 03  Display controller")
    if (line.size() > 1 && line[1] == '\t') {
      std::string_view rest = line.substr(2);
      PciIdsSubsystem sub;
      std::string subname;
      if (out.devices.empty() || rest.size() < 10 || !is_hex4(rest.substr(0, 4)) || rest[4] != ' ' ||
          !split_id(rest.substr(5), sub.subdevice, subname)) {
        ++out.bad_lines;
        continue;
      }
      sub.subvendor = util::to_lower(rest.substr(0, 4));
      sub.name = std::move(subname);
      out.devices.back().subsystems.push_back(std::move(sub));
      continue;
    }
    PciIdsDevice dev;
    if (!split_id(line.substr(1), dev.device_id, dev.name)) {
      ++out.bad_lines;
      continue;
    }
    out.devices.push_back(std::move(dev));
  }
  if (!inside) return ParseResult<PciIdsVendor>::fail("vendor " + want + " not listed");
  return ParseResult<PciIdsVendor>::ok(std::move(out));
}

PciIdsName split_pci_ids_name(std::string_view name) {
  name = util::trim(name);
  PciIdsName out;
  size_t open = name.rfind(" [");
  if (!name.empty() && name.back() == ']' && open != std::string_view::npos && open > 0) {
    std::string_view chip = name.substr(0, open);
    if (chip.find(' ') == std::string_view::npos && chip.find('[') == std::string_view::npos) {
      out.chip = std::string(chip);
      out.model = std::string(util::trim(name.substr(open + 2, name.size() - open - 3)));
      return out;
    }
  }
  out.model = std::string(name);
  return out;
}

PciIdsName pci_ids_lookup(const PciIdsVendor& vendor, std::string_view device_id, std::string_view subvendor,
                          std::string_view subdevice) {
  const PciIdsDevice* dev = vendor.device(device_id);
  if (!dev) return {};
  PciIdsName out = split_pci_ids_name(dev->name);
  std::string sv = util::to_lower(subvendor), sd = util::to_lower(subdevice);
  for (const auto& s : dev->subsystems)
    if (!sv.empty() && s.subvendor == sv && s.subdevice == sd && !s.name.empty()) {
      out.model = s.name;
      break;
    }
  return out;
}

}  // namespace gpudoctor::parse
