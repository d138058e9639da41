#pragma once
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// /dev/shm, where NCCL puts its intra-node buffers (from /proc/self/mountinfo and a stat).
struct ShmFacts {
  bool present = false;        // a directory at /dev/shm
  bool mounted = false;        // its own mount (tmpfs) in mountinfo
  std::string fs_type;         // "tmpfs"
  long long size_bytes = -1;   // the tmpfs size= option; -1 unknown (no option: half of RAM)
  bool read_only = false;      // "ro" mount option
  std::string mode;            // "1777"
  bool writable = false;       // for this user, from mode and owner
};
GD_JSON(ShmFacts, present, mounted, fs_type, size_bytes, read_only, mode, writable)

struct HostFacts {
  std::string os_id;           // os-release ID, e.g. "debian"
  std::string os_version_id;   // "12"
  std::string os_pretty_name;
  std::string os_release_path;  // "/etc/os-release", "/usr/lib/os-release", "" when neither was read
  std::string kernel_release;  // /proc/sys/kernel/osrelease
  std::string kernel_version;  // /proc/version, whole line
  std::string arch;            // uname machine, e.g. "x86_64"
  std::string glibc_version;   // "2.36"
  bool is_wsl = false;
  bool wsl_dxg_present = false;      // /dev/dxg
  bool wsl_lib_dir_present = false;  // /usr/lib/wsl/lib
  std::vector<std::string> wsl_evidence;        // "/proc/sys/kernel/osrelease: 5.15...-microsoft-standard-WSL2", ...
  std::string container;             // "", "docker", "podman", "containerd", "lxc", "kubernetes", ...
  std::vector<std::string> container_evidence;  // "/.dockerenv exists", ...
  bool kubernetes = false;
  std::vector<std::string> kubernetes_evidence;
  ShmFacts shm;
};
GD_JSON(HostFacts, os_id, os_version_id, os_pretty_name, os_release_path, kernel_release, kernel_version, arch,
        glibc_version, is_wsl, wsl_dxg_present, wsl_lib_dir_present, wsl_evidence, container,
        container_evidence, kubernetes, kubernetes_evidence, shm)

}  // namespace gpudoctor::facts
