// Host identity: distribution, kernel, architecture, glibc, WSL, containers, Kubernetes.
#include <gnu/libc-version.h>
#include <sys/utsname.h>

#include <cstdio>

#include "parse/cgroup.hpp"
#include "parse/os_release.hpp"
#include "parse/proc_mounts.hpp"
#include "probe/fact_file.hpp"
#include "probe/probes.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

constexpr std::string_view kProbe = "host";

bool is_live_root(const ProbeContext& ctx) { return ctx.fs.root().empty(); }

std::string first_line(std::string_view text) {
  auto lines = util::split_lines(text);
  return lines.empty() ? std::string() : fact_text(util::trim(lines.front()));
}

// os-release(5): /etc/os-release, else /usr/lib/os-release.
void read_os_release(ProbeContext& ctx, facts::HostFacts& out) {
  for (std::string_view path : {"/etc/os-release", "/usr/lib/os-release"}) {
    FactFile f = read_fact_file(ctx, kProbe, path);
    if (!f.ok()) continue;
    std::string_view text = f.text;
    if (f.truncated) {
      // A cut file may end mid-line; parse only whole lines.
      size_t last = text.rfind('\n');
      text = text.substr(0, last == std::string_view::npos ? 0 : last);
    }
    auto parsed = parse::parse_os_release(text);
    if (!parsed) {
      report(ctx, kProbe, path, parsed.error);
      continue;
    }
    if (!parsed->bad_lines.empty())
      report(ctx, kProbe, path,
                  std::to_string(parsed->bad_lines.size()) + " malformed lines, first at line " +
                      std::to_string(parsed->bad_lines.front()));
    out.os_release_path = std::string(path);
    out.os_id = fact_text(parsed->get("ID"));
    out.os_version_id = fact_text(parsed->get("VERSION_ID"));
    out.os_pretty_name = fact_text(parsed->get("PRETTY_NAME"));
    return;
  }
}

// glibc >= 2.34 ships libc.so.6 as the real file; older ones link it to
// libc-<version>.so, which is the only version a foreign root shows without
// running its loader.
std::string glibc_from_root(ProbeContext& ctx) {
  static constexpr std::string_view kPaths[] = {
      "/lib/x86_64-linux-gnu/libc.so.6",     "/usr/lib/x86_64-linux-gnu/libc.so.6",
      "/lib/aarch64-linux-gnu/libc.so.6",    "/usr/lib/aarch64-linux-gnu/libc.so.6",
      "/lib64/libc.so.6",                    "/usr/lib64/libc.so.6",
      "/lib/libc.so.6",                      "/usr/lib/libc.so.6"};
  for (auto path : kPaths) {
    // Resolve the directory first: /lib is often an absolute link to /usr/lib, which
    // must not lead out of a foreign root.
    auto dir = ctx.fs.resolve(path_dirname(path));
    if (!dir) continue;
    auto target = ctx.fs.read_link(path_join(*dir, path_basename(path)));
    if (!target) continue;
    std::string base = path_basename(*target);
    if (!util::starts_with(base, "libc-") || !util::ends_with(base, ".so")) continue;
    std::string v = base.substr(5, base.size() - 8);
    if (!v.empty() && util::parse_int(util::version_prefix(v, 1))) return fact_text(v);
  }
  return "";
}

void detect_wsl(ProbeContext& ctx, facts::HostFacts& out) {
  // systemd src/basic/virt.c detect_container: the "official" WSL test is
  // "Microsoft" or "WSL" in /proc/sys/kernel/osrelease.
  bool kernel_says = util::contains(out.kernel_release, "Microsoft") || util::contains(out.kernel_release, "WSL");
  if (kernel_says) out.wsl_evidence.push_back("/proc/sys/kernel/osrelease: " + out.kernel_release);
  out.wsl_dxg_present = fact_exists(ctx, kProbe, "/dev/dxg");
  if (out.wsl_dxg_present) out.wsl_evidence.push_back("/dev/dxg exists");
  if (fact_exists(ctx, kProbe, "/usr/lib/wsl/lib")) {
    auto real = ctx.fs.resolve("/usr/lib/wsl/lib");
    out.wsl_lib_dir_present = real && ctx.fs.is_dir(*real);
  }
  if (out.wsl_lib_dir_present) out.wsl_evidence.push_back("/usr/lib/wsl/lib exists");
  // The paravirtual GPU device plus the mapped driver libraries is WSL2 even under a
  // custom kernel whose release string no longer names it.
  out.is_wsl = kernel_says || (out.wsl_dxg_present && out.wsl_lib_dir_present);
}

// The container manager named by a one-line file, as fact text; "" when absent or empty.
std::string manager_file(ProbeContext& ctx, std::string_view path) {
  FactFile f = read_fact_file(ctx, kProbe, path, 4096);
  return f.ok() ? util::to_lower(first_line(f.text)) : std::string();
}

void detect_container(ProbeContext& ctx, facts::HostFacts& out, const parse::CgroupHint& cgroup) {
  // Order of systemd src/basic/virt.c detect_container (after its OpenVZ/WSL/proot
  // checks): what the manager told us, then marker files, Docker last because
  // "/.dockerenv could inadvertently end up in a file system image". All evidence
  // is kept; the first source decides.
  auto decide = [&](const std::string& name, std::string evidence) {
    if (out.container.empty()) out.container = name;
    out.container_evidence.push_back(std::move(evidence));
  };
  std::string oci_hint;
  for (std::string_view path : {"/run/host/container-manager", "/run/systemd/container"}) {
    std::string m = manager_file(ctx, path);
    if (m.empty()) continue;
    if (m == "oci")
      oci_hint = std::string(path) + ": oci";
    else
      decide(m, std::string(path) + ": " + m);
  }
  // PID 1's environment needs CAP_SYS_PTRACE; systemd ignores failure here too, so a
  // plain user's "permission denied" is not a problem worth reporting.
  if (auto real = ctx.fs.resolve("/proc/1/environ")) {
    if (auto env = ctx.fs.read(*real, 1u << 20)) {
      auto vars = parse::parse_environ(*env);
      auto it = vars.find("container");
      if (it != vars.end() && !it->second.empty()) {
        std::string m = util::to_lower(it->second);
        if (m == "oci")
          oci_hint = "/proc/1/environ: container=oci";
        else
          decide(fact_text(m), "/proc/1/environ: container=" + fact_text(it->second));
      }
    }
  }
  // "container=oci" names no manager: systemd then falls back to the marker files.
  if (fact_exists(ctx, kProbe, "/run/.containerenv")) decide("podman", "/run/.containerenv exists");
  if (fact_exists(ctx, kProbe, "/.dockerenv")) decide("docker", "/.dockerenv exists");
  if (!oci_hint.empty()) decide("oci", oci_hint);
  if (!cgroup.line.empty()) {
    std::string name = !cgroup.manager.empty() ? cgroup.manager : "kubernetes";
    decide(name, "/proc/1/cgroup: " + fact_text(cgroup.line));
  }
}

void detect_kubernetes(ProbeContext& ctx, facts::HostFacts& out, const parse::CgroupHint& cgroup) {
  // The kubelet injects service variables into every container; the service
  // account token is mounted unless automountServiceAccountToken is false.
  if (ctx.has_env("KUBERNETES_SERVICE_HOST"))
    out.kubernetes_evidence.push_back("KUBERNETES_SERVICE_HOST=" + fact_text(ctx.getenv("KUBERNETES_SERVICE_HOST")));
  for (std::string_view path :
       {"/var/run/secrets/kubernetes.io/serviceaccount", "/run/secrets/kubernetes.io/serviceaccount"}) {
    if (fact_exists(ctx, kProbe, path)) {
      out.kubernetes_evidence.push_back(std::string(path) + " exists");
      break;  // /var/run is usually a link to /run: one is enough
    }
  }
  if (cgroup.kubepods) out.kubernetes_evidence.push_back("/proc/1/cgroup: " + fact_text(cgroup.line));
  out.kubernetes = !out.kubernetes_evidence.empty();
  if (out.kubernetes && out.container.empty()) {
    out.container = "kubernetes";
    out.container_evidence.push_back(out.kubernetes_evidence.front());
  }
}

// /dev/shm: NCCL's intra-node buffers live there (NCCL user guide, Troubleshooting, "Shared
// memory"); Docker gives containers a 64 MiB tmpfs unless --shm-size says otherwise.
void read_shm(ProbeContext& ctx, facts::ShmFacts& out) {
  auto real = ctx.fs.resolve("/dev/shm");
  if (!real) return;
  auto st = ctx.fs.stat(*real);
  if (!st || !st->is_dir) return;
  out.present = true;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", st->mode & 07777u);
  out.mode = mode;
  out.writable = ctx.creds.can_access(st->uid, st->gid, st->mode, true);
  FactFile mounts = read_fact_file(ctx, kProbe, "/proc/self/mounts", 1u << 20);
  if (!mounts.ok()) return;
  auto m = parse::find_mount(mounts.text, "/dev/shm");
  if (!m) return;
  out.mounted = true;
  out.fs_type = m->fs_type;
  out.read_only = m->has_option("ro");
  if (out.read_only) out.writable = false;
  if (auto size = parse::parse_tmpfs_size(m->option_value("size"))) out.size_bytes = *size;
}

}  // namespace

void probe_host(ProbeContext& ctx, facts::HostFacts& out) {
  read_os_release(ctx, out);

  FactFile rel = read_fact_file(ctx, kProbe, "/proc/sys/kernel/osrelease", 4096);
  if (rel.ok()) out.kernel_release = first_line(rel.text);
  FactFile ver = read_fact_file(ctx, kProbe, "/proc/version", 4096);
  if (ver.ok()) out.kernel_version = first_line(ver.text);

  if (is_live_root(ctx)) {
    utsname u{};
    if (::uname(&u) == 0) out.arch = fact_text(u.machine);
    out.glibc_version = ::gnu_get_libc_version();
  } else {
    // kernel.arch (the same string as uname -m) exists on current kernels; a fixture
    // or a copied root carries it as a plain file.
    FactFile arch = read_fact_file(ctx, kProbe, "/proc/sys/kernel/arch", 4096);
    if (arch.ok()) out.arch = first_line(arch.text);
    out.glibc_version = glibc_from_root(ctx);
  }

  detect_wsl(ctx, out);

  parse::CgroupHint hint;
  FactFile cg = read_fact_file(ctx, kProbe, "/proc/1/cgroup");
  if (cg.ok()) {
    auto entries = parse::parse_proc_cgroup(cg.text);
    if (entries)
      hint = parse::cgroup_container_hint(*entries);
    else
      report(ctx, kProbe, "/proc/1/cgroup", entries.error);
  }
  detect_container(ctx, out, hint);
  detect_kubernetes(ctx, out, hint);
  read_shm(ctx, out.shm);
}

}  // namespace gpudoctor::probe
