#include <gnu/libc-version.h>
#include <gtest/gtest.h>
#include <sys/utsname.h>

#include <filesystem>
#include <fstream>

#include "probe/probes.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

namespace fs = std::filesystem;

ProbeContext fixture(const std::string& scenario) {
  ProbeContext ctx;
  ctx.fs = RootFs(std::string(GD_FIXTURES) + "/roots/" + scenario);
  ctx.allow_exec = false;
  return ctx;
}

facts::HostFacts run(ProbeContext& ctx) {
  facts::HostFacts h;
  probe_host(ctx, h);
  return h;
}

std::string problems_text(const ProbeContext& ctx) {
  std::string s;
  for (const auto& p : ctx.problems) s += p.probe + " " + p.path + ": " + p.error + "\n";
  return s;
}

bool has_problem(const ProbeContext& ctx, std::string_view path, std::string_view error_part) {
  for (const auto& p : ctx.problems)
    if (p.path == path && util::contains(p.error, error_part)) return true;
  return false;
}

// A scratch root under the system temp dir, removed at the end of the test.
class TempRoot {
 public:
  TempRoot() {
    std::string tmpl = (fs::temp_directory_path() / "gd-host-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempRoot() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }
  void write(const std::string& rel, std::string_view content) const {
    fs::path p = fs::path(path_) / rel.substr(1);
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  void symlink(const std::string& target, const std::string& rel) const {
    fs::path p = fs::path(path_) / rel.substr(1);
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
  }

 private:
  std::string path_;
};

ProbeContext at(const TempRoot& root) {
  ProbeContext ctx;
  ctx.fs = RootFs(root.path());
  ctx.allow_exec = false;
  return ctx;
}

TEST(HostProbe, H100Ok) {
  auto ctx = fixture("h100_ok");
  auto h = run(ctx);
  EXPECT_EQ(h.os_id, "ubuntu");
  EXPECT_EQ(h.os_version_id, "22.04");
  EXPECT_EQ(h.os_pretty_name, "Ubuntu 22.04.4 LTS");
  EXPECT_EQ(h.os_release_path, "/etc/os-release");
  EXPECT_EQ(h.kernel_release, "5.15.0-97-generic");
  EXPECT_TRUE(util::starts_with(h.kernel_version, "Linux version 5.15.0-97-generic (buildd@")) << h.kernel_version;
  EXPECT_EQ(h.arch, "x86_64");
  EXPECT_EQ(h.glibc_version, "");  // no libc in the fixture: left empty, not guessed
  EXPECT_FALSE(h.is_wsl);
  EXPECT_EQ(h.container, "");
  EXPECT_TRUE(h.container_evidence.empty());
  EXPECT_FALSE(h.kubernetes);
  EXPECT_TRUE(ctx.problems.empty()) << problems_text(ctx);
}

TEST(HostProbe, MissingFilesAreFactsNotProblems) {
  auto ctx = fixture("k8s");  // holds no os-release, no /proc/version
  auto h = run(ctx);
  EXPECT_EQ(h.os_id, "");
  EXPECT_EQ(h.os_release_path, "");
  EXPECT_EQ(h.kernel_release, "");
  EXPECT_TRUE(ctx.problems.empty()) << problems_text(ctx);
}

TEST(HostProbe, UsrLibOsReleaseFallbackAndAbsoluteLinkStaysInRoot) {
  TempRoot root;
  root.write("/usr/lib/os-release", "ID=fixtureos\nVERSION_ID=7\n");
  {
    auto ctx = at(root);
    auto h = run(ctx);
    EXPECT_EQ(h.os_id, "fixtureos");
    EXPECT_EQ(h.os_release_path, "/usr/lib/os-release");
  }
  // Most distributions link /etc/os-release to ../usr/lib/os-release; an absolute
  // target must be re-rooted, or the probe would report this machine's distribution.
  root.symlink("/usr/lib/os-release", "/etc/os-release");
  auto ctx = at(root);
  auto h = run(ctx);
  EXPECT_EQ(h.os_id, "fixtureos");
  EXPECT_EQ(h.os_version_id, "7");
  EXPECT_EQ(h.os_release_path, "/etc/os-release");
  EXPECT_TRUE(ctx.problems.empty()) << problems_text(ctx);
}

TEST(HostProbe, Wsl2) {
  auto ctx = fixture("wsl2");
  auto h = run(ctx);
  EXPECT_TRUE(h.is_wsl);
  EXPECT_TRUE(h.wsl_dxg_present);
  EXPECT_TRUE(h.wsl_lib_dir_present);
  EXPECT_EQ(h.wsl_evidence,
            (std::vector<std::string>{"/proc/sys/kernel/osrelease: 5.15.153.1-microsoft-standard-WSL2",
                                      "/dev/dxg exists", "/usr/lib/wsl/lib exists"}));
  EXPECT_EQ(h.container, "");
  EXPECT_TRUE(ctx.problems.empty()) << problems_text(ctx);
}

TEST(HostProbe, WslByDeviceAndLibrariesUnderCustomKernel) {
  TempRoot root;
  root.write("/proc/sys/kernel/osrelease", "6.6.36-custom\n");
  root.write("/dev/dxg", "");
  root.write("/usr/lib/wsl/lib/libcuda.so.1", "");
  auto ctx = at(root);
  auto h = run(ctx);
  EXPECT_TRUE(h.is_wsl);
  EXPECT_EQ(h.wsl_evidence.size(), 2u);
  // /dev/dxg alone is not enough.
  TempRoot dxg_only;
  dxg_only.write("/dev/dxg", "");
  auto ctx2 = at(dxg_only);
  EXPECT_FALSE(run(ctx2).is_wsl);
}

TEST(HostProbe, Docker) {
  auto ctx = fixture("docker");
  auto h = run(ctx);
  EXPECT_EQ(h.container, "docker");
  ASSERT_EQ(h.container_evidence.size(), 2u);
  EXPECT_EQ(h.container_evidence[0], "/.dockerenv exists");
  EXPECT_EQ(h.container_evidence[1],
            "/proc/1/cgroup: 12:memory:/docker/3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d");
  EXPECT_EQ(h.glibc_version, "2.31");  // from the libc.so.6 -> libc-2.31.so link
  EXPECT_EQ(h.os_version_id, "20.04");
  EXPECT_FALSE(h.kubernetes);
  EXPECT_TRUE(ctx.problems.empty()) << problems_text(ctx);
}

TEST(HostProbe, KubernetesWithInjectedEnvironment) {
  auto ctx = fixture("k8s");
  ctx.env["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
  auto h = run(ctx);
  EXPECT_TRUE(h.kubernetes);
  EXPECT_EQ(h.kubernetes_evidence,
            (std::vector<std::string>{"KUBERNETES_SERVICE_HOST=10.96.0.1",
                                      "/var/run/secrets/kubernetes.io/serviceaccount exists"}));
  // cgroup v2 with a namespace shows only "0::/": nothing names the runtime.
  EXPECT_EQ(h.container, "kubernetes");
  EXPECT_EQ(h.container_evidence, (std::vector<std::string>{"KUBERNETES_SERVICE_HOST=10.96.0.1"}));
}

TEST(HostProbe, KubernetesFromServiceAccountAlone) {
  auto ctx = fixture("k8s");
  auto h = run(ctx);
  EXPECT_TRUE(h.kubernetes);
  EXPECT_EQ(h.kubernetes_evidence.size(), 1u);
}

TEST(HostProbe, KubepodsCgroup) {
  TempRoot root;
  root.write("/proc/1/cgroup", "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
                               "cri-containerd-0a1b.scope\n");
  auto ctx = at(root);
  auto h = run(ctx);
  EXPECT_TRUE(h.kubernetes);
  EXPECT_EQ(h.container, "containerd");
}

TEST(HostProbe, PodmanBeatsAStrayDockerenv) {
  auto ctx = fixture("podman");
  auto h = run(ctx);
  EXPECT_EQ(h.container, "podman");
  EXPECT_EQ(h.container_evidence,
            (std::vector<std::string>{"/proc/1/environ: container=podman", "/run/.containerenv exists",
                                      "/.dockerenv exists"}));
  EXPECT_TRUE(ctx.problems.empty()) << problems_text(ctx);
}

TEST(HostProbe, ContainerManagerFileComesFirst) {
  TempRoot root;
  root.write("/run/host/container-manager", "systemd-nspawn\n");
  root.write("/.dockerenv", "");
  auto ctx = at(root);
  auto h = run(ctx);
  EXPECT_EQ(h.container, "systemd-nspawn");
  EXPECT_EQ(h.container_evidence.front(), "/run/host/container-manager: systemd-nspawn");
}

TEST(HostProbe, OciNamesNoManagerSoFilesDecide) {
  TempRoot root;
  root.write("/run/systemd/container", "oci\n");
  {
    auto ctx = at(root);
    EXPECT_EQ(run(ctx).container, "oci");
  }
  root.write("/run/.containerenv", "");
  auto ctx = at(root);
  EXPECT_EQ(run(ctx).container, "podman");
}

TEST(HostProbe, BrokenFilesBecomeProblems) {
  auto ctx = fixture("broken");
  auto h = run(ctx);
  // NUL bytes and CRLF: the good lines still count.
  EXPECT_EQ(h.os_id, "broken");
  EXPECT_EQ(h.os_version_id, "1");
  EXPECT_EQ(h.os_pretty_name, "Broken \"Linux\"");
  EXPECT_TRUE(has_problem(ctx, "/etc/os-release", "1 malformed lines, first at line 3")) << problems_text(ctx);
  EXPECT_TRUE(has_problem(ctx, "/proc/sys/kernel/osrelease", "is a directory")) << problems_text(ctx);
  EXPECT_TRUE(has_problem(ctx, "/proc/1/cgroup", "no hierarchy-id")) << problems_text(ctx);
  EXPECT_EQ(h.kernel_release, "");
}

TEST(HostProbe, HugeOsReleaseIsCutNotSlurped) {
  TempRoot root;
  std::string big = "ID=huge\nVERSION_ID=\"9\"\n";
  std::string pad(100, '#');
  pad += '\n';
  while (big.size() < (20u << 20)) big += pad;
  big += "ID=tail\n";
  root.write("/etc/os-release", big);
  auto ctx = at(root);
  auto h = run(ctx);
  EXPECT_EQ(h.os_id, "huge");
  EXPECT_EQ(h.os_version_id, "9");
  EXPECT_TRUE(has_problem(ctx, "/etc/os-release", "larger than 65536 bytes")) << problems_text(ctx);
}

TEST(HostProbe, OsReleaseWithoutAssignmentsIsAProblem) {
  TempRoot root;
  root.write("/etc/os-release", std::string("\x7f" "ELF\x02\x01\x01\0\0", 9));
  root.write("/usr/lib/os-release", "ID=fallback\n");
  auto ctx = at(root);
  auto h = run(ctx);
  EXPECT_TRUE(has_problem(ctx, "/etc/os-release", "no KEY=value")) << problems_text(ctx);
  EXPECT_EQ(h.os_id, "fallback");
}

TEST(HostProbe, SymlinkLoopIsAProblem) {
  TempRoot root;
  root.symlink("/etc/os-release", "/etc/os-release");
  auto ctx = at(root);
  run(ctx);
  EXPECT_TRUE(has_problem(ctx, "/etc/os-release", "too many levels of symbolic links")) << problems_text(ctx);
}

// The machine the tests run on is a fixture too.
TEST(HostProbe, LiveMachine) {
  auto ctx = ProbeContext::live("/");
  auto h = run(ctx);
  utsname u{};
  ASSERT_EQ(::uname(&u), 0);
  EXPECT_EQ(h.arch, u.machine);
  EXPECT_EQ(h.glibc_version, gnu_get_libc_version());
  std::ifstream rel("/proc/sys/kernel/osrelease");
  std::string release;
  std::getline(rel, release);
  EXPECT_EQ(h.kernel_release, release);
  if (fs::exists("/etc/os-release") || fs::exists("/usr/lib/os-release")) {
    EXPECT_FALSE(h.os_id.empty());
  }
  EXPECT_EQ(h.wsl_dxg_present, fs::exists("/dev/dxg"));
}

}  // namespace
// /dev/shm of a Docker container: the 64 MiB tmpfs from /proc/self/mounts, its mode and
// whether this user may write it.
TEST(HostProbe, ShmSizeModeAndMount) {
  TempRoot root;
  fs::create_directories(root.path() + "/dev/shm");
  fs::permissions(root.path() + "/dev/shm", fs::perms(01777));
  root.write("/proc/self/mounts",
             "overlay / overlay rw,relatime 0 0\nshm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k 0 0\n");
  auto ctx = at(root);
  ctx.creds = Credentials{1000, {1000}};
  auto h = run(ctx);
  EXPECT_TRUE(h.shm.present);
  EXPECT_TRUE(h.shm.mounted);
  EXPECT_EQ(h.shm.fs_type, "tmpfs");
  EXPECT_EQ(h.shm.size_bytes, 64LL << 20);
  EXPECT_EQ(h.shm.mode, "1777");
  EXPECT_TRUE(h.shm.writable);
  EXPECT_FALSE(h.shm.read_only);

  fs::permissions(root.path() + "/dev/shm", fs::perms(0755));  // root's only
  root.write("/proc/self/mounts", "shm /dev/shm tmpfs ro,nosuid 0 0\n");
  ctx = at(root);
  ctx.creds = Credentials{1000, {1000}};
  h = run(ctx);
  EXPECT_FALSE(h.shm.writable);
  EXPECT_TRUE(h.shm.read_only);
  EXPECT_EQ(h.shm.size_bytes, -1);  // no size= option: unknown, not zero
}

TEST(HostProbe, NoShmDirectoryMeansNothingRecorded) {
  TempRoot root;
  root.write("/etc/os-release", "ID=debian\n");
  auto ctx = at(root);
  auto h = run(ctx);
  EXPECT_FALSE(h.shm.present);
  EXPECT_FALSE(h.shm.mounted);
}

}  // namespace gpudoctor::probe
