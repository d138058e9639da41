// The NVIDIA kernel driver as the kernel sees it: version, loaded modules, whether
// nouveau is kept away, the installed module file, per-GPU procfs state and the
// device nodes user space opens.
#include <algorithm>
#include <cstdio>
#include <deque>

#include "parse/nvrm_version.hpp"
#include "parse/proc_devices.hpp"
#include "parse/proc_gpu_info.hpp"
#include "probe/fact_file.hpp"
#include "probe/probes.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

constexpr std::string_view kProbe = "driver";

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

void read_versions(ProbeContext& ctx, facts::KernelDriverFacts& out) {
  FactFile f = read_fact_file(ctx, kProbe, "/proc/driver/nvidia/version", 16u << 10);
  if (f.ok()) {
    out.proc_version_present = true;
    auto lines = util::split_lines(f.text);
    if (!lines.empty()) out.nvrm_line = fact_text(util::trim(lines.front()));
    auto parsed = parse::parse_nvrm_version(f.text);
    if (parsed) {
      out.nvrm_line = parsed->nvrm_line;
      out.version = parsed->version;
      out.open_kernel_module = parsed->open;
      out.nvrm_arch = parsed->arch;
    } else {
      report(ctx, kProbe, "/proc/driver/nvidia/version", parsed.error);
    }
  } else if (f.status == FactFile::Status::kFailed) {
    out.proc_version_present = ctx.fs.exists("/proc/driver/nvidia/version");
  }

  if (!out.nvidia_loaded) return;
  FactFile m = read_fact_file(ctx, kProbe, "/sys/module/nvidia/version", 4096);
  if (!m.ok()) return;  // only modules with MODULE_VERSION have it
  auto v = parse::parse_module_version(m.text);
  if (!v) {
    report(ctx, kProbe, "/sys/module/nvidia/version", v.error);
    return;
  }
  out.sys_module_version = *v;
  if (out.version.empty()) out.version = *v;
}

// torvalds/linux Documentation/ABI/stable/sysfs-module: /sys/module/<name> "will
// always show up if the module is loaded as a dynamic module".
void read_loaded_modules(ProbeContext& ctx, facts::KernelDriverFacts& out) {
  out.nvidia_loaded = fact_exists(ctx, kProbe, "/sys/module/nvidia");
  out.nvidia_uvm_loaded = fact_exists(ctx, kProbe, "/sys/module/nvidia_uvm");
  out.nvidia_drm_loaded = fact_exists(ctx, kProbe, "/sys/module/nvidia_drm");
  out.nvidia_modeset_loaded = fact_exists(ctx, kProbe, "/sys/module/nvidia_modeset");
  out.nouveau_loaded = fact_exists(ctx, kProbe, "/sys/module/nouveau");
}

// "blacklist nouveau" in modprobe.d(5) stops udev's alias autoloading; "install
// nouveau /bin/false" (or true) stops any modprobe of it.
void scan_modprobe_conf(const std::string& path, std::string_view text, facts::KernelDriverFacts& out) {
  int number = 0;
  for (const std::string& raw : util::split_lines(text)) {
    ++number;
    std::string_view line = util::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    auto w = words(line);
    bool hit = w.size() >= 2 && w[1] == "nouveau" &&
               (w[0] == "blacklist" ||
                (w[0] == "install" && w.size() >= 3 &&
                 (path_basename(w[2]) == "false" || path_basename(w[2]) == "true")));
    if (!hit) continue;
    out.nouveau_blacklisted = true;
    out.nouveau_blacklist_evidence.push_back(fact_text(path + ":" + std::to_string(number) + ": " + std::string(line)));
  }
}

void read_nouveau_blacklist(ProbeContext& ctx, facts::KernelDriverFacts& out) {
  // modprobe.d(5) search order; /lib/modprobe.d is where older distributions and
  // non-merged-/usr systems keep packaged files.
  static constexpr std::string_view kDirs[] = {"/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d",
                                               "/usr/lib/modprobe.d", "/lib/modprobe.d"};
  std::vector<std::string> seen;  // /lib is often a link to /usr/lib: scan each real dir once
  for (auto dir : kDirs) {
    auto real = ctx.fs.resolve(dir);
    if (!real) {
      if (!is_not_found(real.error)) report(ctx, kProbe, dir, real.error);
      continue;
    }
    if (std::find(seen.begin(), seen.end(), *real) != seen.end()) continue;
    seen.push_back(*real);
    auto names = ctx.fs.list_dir(*real);
    if (!names) {
      if (!is_not_found(names.error)) report(ctx, kProbe, dir, names.error);
      continue;
    }
    for (const std::string& n : *names) {
      if (!util::ends_with(n, ".conf")) continue;
      std::string path = path_join(dir, n);
      FactFile f = read_fact_file(ctx, kProbe, path, 1u << 20);
      if (f.ok()) scan_modprobe_conf(path, f.text, out);
    }
  }
  // Kernel command line: modprobe.blacklist= (kmod), module_blacklist= (the kernel
  // itself, also for built-ins), rd.driver.blacklist= (dracut); comma-separated.
  FactFile cmdline = read_fact_file(ctx, kProbe, "/proc/cmdline", 64u << 10);
  if (!cmdline.ok()) return;
  for (auto w : words(util::trim(cmdline.text))) {
    for (std::string_view key : {"modprobe.blacklist=", "module_blacklist=", "rd.driver.blacklist="}) {
      if (!util::starts_with(w, key)) continue;
      for (auto m : util::split(w.substr(key.size()), ','))
        if (m == "nouveau") {
          out.nouveau_blacklisted = true;
          out.nouveau_blacklist_evidence.push_back("/proc/cmdline: " + fact_text(w));
        }
    }
  }
}

bool is_nvidia_ko(std::string_view name) {
  return name == "nvidia.ko" || name == "nvidia.ko.xz" || name == "nvidia.ko.zst" || name == "nvidia.ko.gz";
}

// Where packages put nvidia.ko under /lib/modules/<release>: DKMS (updates/dkms),
// RHEL kmods (extra/...), Ubuntu's prebuilt linux-modules-nvidia (kernel/nvidia-<branch>[-open]),
// the .run installer (kernel/drivers/video). Depth and entry count are bounded so a
// huge or looping tree cannot stall the probe; links are not followed.
std::string find_module(ProbeContext& ctx, const std::string& base) {
  std::deque<std::pair<std::string, int>> todo;
  for (std::string_view sub : {"updates", "extra", "kernel/drivers/video", "misc"})
    todo.emplace_back(path_join(base, sub), 0);
  if (auto kernel = ctx.fs.list_dir(path_join(base, "kernel")))
    for (const std::string& n : *kernel)
      if (util::starts_with(n, "nvidia")) todo.emplace_back(path_join(path_join(base, "kernel"), n), 1);
  int budget = 20000;
  while (!todo.empty() && budget > 0) {
    auto [dir, depth] = todo.front();
    todo.pop_front();
    auto names = ctx.fs.list_dir(dir);
    if (!names) continue;
    for (const std::string& n : *names) {
      if (--budget <= 0) break;
      std::string p = path_join(dir, n);
      if (is_nvidia_ko(n)) return p;
      if (depth < 4) {
        auto st = ctx.fs.lstat(p);
        if (st && st->is_dir) todo.emplace_back(p, depth + 1);
      }
    }
  }
  return "";
}

void read_installed_module(ProbeContext& ctx, facts::KernelDriverFacts& out) {
  FactFile rel = read_fact_file(ctx, kProbe, "/proc/sys/kernel/osrelease", 4096);
  if (!rel.ok()) return;
  auto lines = util::split_lines(rel.text);
  std::string release = lines.empty() ? "" : std::string(util::trim(lines.front()));
  if (release.empty() || release == "." || release == ".." || util::contains(release, "/")) return;
  for (std::string_view top : {"/lib/modules", "/usr/lib/modules"}) {
    std::string shown = path_join(top, release);
    auto base = ctx.fs.resolve(shown);
    if (!base) {
      if (!is_not_found(base.error)) report(ctx, kProbe, shown, base.error);
      continue;
    }
    if (!out.module_installed) {
      std::string found = find_module(ctx, *base);
      if (!found.empty()) {
        out.module_installed = true;
        // Report it under the path the user knows, not the resolved one.
        out.module_path = fact_text(shown + found.substr(base->size()));
      }
    }
    // modprobe finds modules through modules.dep; a module copied in without
    // depmod is installed but cannot be loaded by name.
    FactFile dep = read_fact_file(ctx, kProbe, path_join(shown, "modules.dep"), 32u << 20);
    if (dep.ok()) {
      for (const std::string& line : util::split_lines(dep.text)) {
        size_t colon = line.find(':');
        if (colon != std::string::npos && is_nvidia_ko(path_basename(std::string_view(line).substr(0, colon)))) {
          out.module_in_modules_dep = true;
          break;
        }
      }
    }
    if (out.module_installed) return;
  }
}

void read_proc_gpus(ProbeContext& ctx, facts::KernelDriverFacts& out) {
  constexpr std::string_view kDir = "/proc/driver/nvidia/gpus";
  auto real = ctx.fs.resolve(kDir);
  if (!real) {
    if (!is_not_found(real.error)) report(ctx, kProbe, kDir, real.error);
    return;
  }
  auto names = ctx.fs.list_dir(*real);
  if (!names) {
    report(ctx, kProbe, kDir, names.error);
    return;
  }
  for (const std::string& bdf : *names) {
    std::string path = path_join(path_join(kDir, bdf), "information");
    FactFile f = read_fact_file(ctx, kProbe, path, 64u << 10);
    if (f.absent()) report(ctx, kProbe, path, "missing");
    if (!f.ok()) continue;
    auto info = parse::parse_proc_gpu_info(f.text);
    if (!info) {
      report(ctx, kProbe, path, info.error);
      continue;
    }
    for (const auto& issue : info->issues) report(ctx, kProbe, path, issue);
    facts::ProcGpuInfo g;
    g.bdf = fact_text(bdf);
    g.model = fact_text(info->model);
    g.uuid = fact_text(info->uuid);
    g.video_bios = fact_text(info->video_bios);
    g.bus_type = fact_text(info->bus_type);
    g.device_minor = info->device_minor;
    g.gpu_firmware = fact_text(info->gpu_firmware);
    g.excluded = info->excluded;
    out.gpus.push_back(std::move(g));
  }
}

void read_uvm_major(ProbeContext& ctx, facts::KernelDriverFacts& out) {
  FactFile f = read_fact_file(ctx, kProbe, "/proc/devices", 64u << 10);
  if (!f.ok()) return;
  auto devices = parse::parse_proc_devices(f.text);
  if (!devices) {
    report(ctx, kProbe, "/proc/devices", devices.error);
    return;
  }
  if (auto major = devices->char_major("nvidia-uvm")) out.uvm_major = std::to_string(*major);
}

facts::DeviceNode inspect_node(ProbeContext& ctx, const std::string& path) {
  facts::DeviceNode n;
  n.path = path;
  auto real = ctx.fs.resolve(path);
  if (!real) {
    n.exists = ctx.fs.exists(path);  // a dangling link exists but cannot be opened
    if (n.exists || !is_not_found(real.error)) {
      n.error = real.error;
      report(ctx, kProbe, path, real.error);
    }
    return n;
  }
  auto st = ctx.fs.stat(*real);
  if (!st) {
    n.exists = true;
    n.error = st.error;
    report(ctx, kProbe, path, st.error);
    return n;
  }
  n.exists = true;
  n.is_char_device = st->is_char_device;
  n.type = st->is_char_device ? "char" : st->is_dir ? "directory" : st->is_regular ? "regular" : "other";
  if (n.is_char_device) {
    n.major = static_cast<int>(st->rdev_major);
    n.minor = static_cast<int>(st->rdev_minor);
  }
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", st->mode & 07777u);
  n.mode = mode;
  n.uid = st->uid;
  n.gid = st->gid;
  // From mode and owner, not access(2): root passes access(2) for everything, and
  // fixtures hold plain files in place of device nodes.
  n.can_read = ctx.creds.can_access(st->uid, st->gid, st->mode, false);
  n.can_write = ctx.creds.can_access(st->uid, st->gid, st->mode, true);
  return n;
}

// nvidia-modprobe / the driver create /dev/nvidia<N> (195,N), nvidiactl (195,255),
// nvidia-modeset (195,254) and nvidia-uvm{,-tools} (dynamic major); WSL2 has /dev/dxg.
void read_device_nodes(ProbeContext& ctx, facts::KernelDriverFacts& out) {
  std::vector<std::string> paths = {"/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/nvidia-uvm-tools",
                                    "/dev/nvidia-modeset"};
  std::vector<std::pair<long long, std::string>> numbered;
  if (auto dev = ctx.fs.resolve("/dev")) {
    if (auto names = ctx.fs.list_dir(*dev)) {
      for (const std::string& n : *names) {
        if (!util::starts_with(n, "nvidia") || n.size() == 6 || n.size() > 12) continue;
        std::string_view digits = std::string_view(n).substr(6);
        if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
          numbered.emplace_back(*util::parse_int(digits), "/dev/" + n);
      }
    } else {
      report(ctx, kProbe, "/dev", names.error);
    }
  } else if (!is_not_found(dev.error)) {
    report(ctx, kProbe, "/dev", dev.error);
  }
  std::sort(numbered.begin(), numbered.end());
  for (auto& [_, p] : numbered) paths.push_back(std::move(p));
  paths.push_back("/dev/dxg");
  for (const auto& p : paths) out.device_nodes.push_back(inspect_node(ctx, p));
}

}  // namespace

void probe_kernel_driver(ProbeContext& ctx, facts::KernelDriverFacts& out) {
  read_loaded_modules(ctx, out);
  read_versions(ctx, out);
  read_nouveau_blacklist(ctx, out);
  read_installed_module(ctx, out);
  read_proc_gpus(ctx, out);
  read_uvm_major(ctx, out);
  read_device_nodes(ctx, out);
}

}  // namespace gpudoctor::probe
