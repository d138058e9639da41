#pragma once
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// /proc/driver/nvidia/gpus/<bdf>/information
struct ProcGpuInfo {
  std::string bdf;
  std::string model;
  std::string uuid;
  std::string video_bios;
  std::string bus_type;
  int device_minor = -1;
  std::string gpu_firmware;
  bool excluded = false;
};
GD_JSON(ProcGpuInfo, bdf, model, uuid, video_bios, bus_type, device_minor, gpu_firmware, excluded)

struct DeviceNode {
  std::string path;          // "/dev/nvidiactl"
  bool exists = false;
  bool is_char_device = false;
  std::string type;          // "char", "directory", "regular", "other"; "" when it could not be inspected
  int major = -1;
  int minor = -1;
  std::string mode;          // "0666"
  unsigned uid = 0;
  unsigned gid = 0;
  bool can_read = false;     // for this user, from mode/owner and our credentials
  bool can_write = false;
  std::string error;         // why it could not be inspected
};
GD_JSON(DeviceNode, path, exists, is_char_device, type, major, minor, mode, uid, gid, can_read, can_write, error)

struct KernelDriverFacts {
  bool proc_version_present = false;  // /proc/driver/nvidia/version
  std::string nvrm_line;              // first line as read
  std::string version;                // "535.104.05" from NVRM or /sys/module/nvidia/version
  bool open_kernel_module = false;    // "Open Kernel Module" flavour
  std::string nvrm_arch;              // "x86_64", "aarch64" from the NVRM line
  std::string sys_module_version;     // /sys/module/nvidia/version
  bool nvidia_loaded = false;         // /sys/module/nvidia exists
  bool nvidia_uvm_loaded = false;
  bool nvidia_drm_loaded = false;
  bool nvidia_modeset_loaded = false;
  bool nouveau_loaded = false;
  bool nouveau_blacklisted = false;   // a modprobe.d line "blacklist nouveau"
  std::vector<std::string> nouveau_blacklist_evidence;  // "/etc/modprobe.d/x.conf:3: blacklist nouveau"
  bool module_installed = false;      // nvidia.ko found under /lib/modules/<release>
  std::string module_path;
  bool module_in_modules_dep = false; // modules.dep lists nvidia.ko (else modprobe cannot find it)
  std::vector<ProcGpuInfo> gpus;
  std::vector<DeviceNode> device_nodes;
  std::string uvm_major;              // from /proc/devices
};
GD_JSON(KernelDriverFacts, proc_version_present, nvrm_line, version, open_kernel_module, nvrm_arch,
        sys_module_version, nvidia_loaded, nvidia_uvm_loaded, nvidia_drm_loaded, nvidia_modeset_loaded,
        nouveau_loaded, nouveau_blacklisted, nouveau_blacklist_evidence, module_installed, module_path,
        module_in_modules_dep, gpus, device_nodes, uvm_major)

}  // namespace gpudoctor::facts
