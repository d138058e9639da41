// NVIDIA display controllers on the PCI bus, from sysfs alone: this works with no
// driver loaded, which is exactly when it is needed.
#include <optional>

#include "parse/pci_ids.hpp"
#include "parse/pci_sysfs.hpp"
#include "probe/fact_file.hpp"
#include "probe/probes.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

constexpr std::string_view kProbe = "pci";
constexpr std::string_view kDevices = "/sys/bus/pci/devices";
constexpr uint32_t kNvidia = 0x10de;
// PCI class codes (PCI Code and ID Assignment spec; pci.ids "C 03"): 03 00 VGA
// compatible controller, 03 02 3D controller (datacenter GPUs without display).
constexpr uint32_t kClassVga = 0x0300;
constexpr uint32_t kClass3d = 0x0302;

// Where distributions install pci.ids: Debian/Ubuntu (pciutils), Fedora/RHEL/Arch
// (hwdata), and the pciutils default prefix.
constexpr std::string_view kPciIdsPaths[] = {"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids",
                                             "/usr/share/pci.ids"};

struct DeviceDir {
  std::string shown;  // /sys/bus/pci/devices/<bdf>, for problems
  std::string real;   // the resolved /sys/devices/... directory
};

// An attribute every PCI function has; missing or unreadable is a problem.
std::optional<std::string> read_required(ProbeContext& ctx, const DeviceDir& dev, std::string_view attr) {
  auto text = ctx.fs.read(path_join(dev.real, attr), 4096);
  if (!text) {
    report(ctx, kProbe, path_join(dev.shown, attr), text.error);
    return std::nullopt;
  }
  return *text;
}

// An attribute that only some functions have (link_* on PCIe only, numa_node with
// CONFIG_NUMA): missing is silent.
std::optional<std::string> read_optional(ProbeContext& ctx, const DeviceDir& dev, std::string_view attr) {
  auto text = ctx.fs.read(path_join(dev.real, attr), 4096);
  if (!text) {
    if (!is_not_found(text.error)) report(ctx, kProbe, path_join(dev.shown, attr), text.error);
    return std::nullopt;
  }
  return *text;
}

std::optional<uint32_t> read_hex(ProbeContext& ctx, const DeviceDir& dev, std::string_view attr, size_t digits) {
  auto text = read_required(ctx, dev, attr);
  if (!text) return std::nullopt;
  auto v = parse::parse_sysfs_hex(*text, digits);
  if (!v) {
    report(ctx, kProbe, path_join(dev.shown, attr), v.error);
    return std::nullopt;
  }
  return *v;
}

int read_int(ProbeContext& ctx, const DeviceDir& dev, std::string_view attr, int fallback) {
  auto text = read_optional(ctx, dev, attr);
  if (!text) return fallback;
  auto v = parse::parse_sysfs_int(*text);
  if (!v || *v < -1 || *v > 1 << 16) {
    report(ctx, kProbe, path_join(dev.shown, attr), v ? "out of range" : v.error);
    return fallback;
  }
  return static_cast<int>(*v);
}

void read_link_state(ProbeContext& ctx, const DeviceDir& dev, facts::PciGpu& gpu) {
  if (auto s = read_optional(ctx, dev, "current_link_speed")) {
    gpu.current_link_speed = fact_text(util::trim(*s));
    gpu.current_link_gen = parse::pcie_generation(gpu.current_link_speed);
  }
  if (auto s = read_optional(ctx, dev, "max_link_speed")) {
    gpu.max_link_speed = fact_text(util::trim(*s));
    gpu.max_link_gen = parse::pcie_generation(gpu.max_link_speed);
  }
  gpu.current_link_width = read_int(ctx, dev, "current_link_width", 0);
  gpu.max_link_width = read_int(ctx, dev, "max_link_width", 0);
}

// The bound driver is the basename of the `driver` link
// (../../../bus/pci/drivers/nvidia); no link means no driver claimed the function.
std::string read_driver(ProbeContext& ctx, const DeviceDir& dev) {
  auto target = ctx.fs.read_link(path_join(dev.real, "driver"));
  if (!target) {
    if (!is_not_found(target.error))
      report(ctx, kProbe, path_join(dev.shown, "driver"), target.error);
    return "";
  }
  return fact_text(path_basename(*target));
}

class PciIdsNames {
 public:
  // Loaded on first use only: most machines' GPUs are in the knowledge base.
  const parse::PciIdsVendor* get(ProbeContext& ctx, std::string& path_out) {
    if (loaded_) return ids_ ? &*ids_ : nullptr;
    loaded_ = true;
    for (auto path : kPciIdsPaths) {
      FactFile f = read_fact_file(ctx, kProbe, path, 32u << 20);
      if (!f.ok()) continue;
      auto parsed = parse::parse_pci_ids_vendor(f.text, "10de");
      if (!parsed) {
        report(ctx, kProbe, path, parsed.error);
        continue;
      }
      ids_ = std::move(*parsed);
      path_out = std::string(path);
      break;
    }
    return ids_ ? &*ids_ : nullptr;
  }

 private:
  bool loaded_ = false;
  std::optional<parse::PciIdsVendor> ids_;
};

void name_gpu(ProbeContext& ctx, const kb::Kb& kb, PciIdsNames& names, facts::PciFacts& out, facts::PciGpu& gpu) {
  if (auto model = kb.gpu(gpu.device_id)) {
    gpu.name = model->name;
    gpu.chip = model->chip;
    gpu.architecture = model->architecture;
    gpu.compute_capability = model->compute_capability;
    gpu.name_source = "kb";
    return;
  }
  const parse::PciIdsVendor* ids = names.get(ctx, out.pci_ids_path);
  if (!ids) return;
  auto n = parse::pci_ids_lookup(*ids, gpu.device_id, gpu.subsystem_vendor_id, gpu.subsystem_device_id);
  if (n.model.empty()) return;
  gpu.name = fact_text(n.model);
  gpu.chip = fact_text(n.chip);
  gpu.name_source = "pci.ids";
}

}  // namespace

void probe_pci(ProbeContext& ctx, const kb::Kb& kb, facts::PciFacts& out) {
  auto root = ctx.fs.resolve(kDevices);
  if (!root) {
    // No PCI bus in sysfs (WSL2, some containers without /sys) is a fact.
    if (!is_not_found(root.error)) report(ctx, kProbe, kDevices, root.error);
    return;
  }
  auto names = ctx.fs.list_dir(*root);
  if (!names) {
    report(ctx, kProbe, kDevices, names.error);
    return;
  }
  out.sysfs_readable = true;
  PciIdsNames pci_ids;
  for (const std::string& name : *names) {
    ++out.devices_scanned;
    DeviceDir dev{path_join(kDevices, name), {}};
    // Entries are links into /sys/devices; resolving inside the root keeps a
    // fixture's links from reaching the host and turns a link loop into an error.
    auto real = ctx.fs.resolve(dev.shown);
    if (!real) {
      report(ctx, kProbe, dev.shown, real.error);
      continue;
    }
    dev.real = *real;
    auto vendor = read_hex(ctx, dev, "vendor", 4);
    if (!vendor || *vendor != kNvidia) continue;
    auto cls = read_hex(ctx, dev, "class", 6);
    if (!cls || ((*cls >> 8) != kClassVga && (*cls >> 8) != kClass3d)) continue;  // audio, USB-C, NVSwitch
    facts::PciGpu gpu;
    gpu.bdf = fact_text(name);
    gpu.vendor_id = parse::hex_id(*vendor, 4);
    gpu.class_code = parse::hex_id(*cls, 6);
    if (auto d = read_hex(ctx, dev, "device", 4)) gpu.device_id = parse::hex_id(*d, 4);
    if (auto d = read_hex(ctx, dev, "subsystem_vendor", 4)) gpu.subsystem_vendor_id = parse::hex_id(*d, 4);
    if (auto d = read_hex(ctx, dev, "subsystem_device", 4)) gpu.subsystem_device_id = parse::hex_id(*d, 4);
    gpu.driver = read_driver(ctx, dev);
    read_link_state(ctx, dev, gpu);
    gpu.numa_node = read_int(ctx, dev, "numa_node", -1);
    if (!gpu.device_id.empty()) name_gpu(ctx, kb, pci_ids, out, gpu);
    out.gpus.push_back(std::move(gpu));
  }
}

}  // namespace gpudoctor::probe
