#include "probe/probe_context.hpp"

#include <grp.h>
#include <unistd.h>

#include <algorithm>

extern char** environ;

namespace gpudoctor::probe {

Credentials Credentials::current() {
  Credentials c;
  c.uid = ::geteuid();
  c.gids.push_back(::getegid());
  int n = ::getgroups(0, nullptr);
  if (n > 0) {
    std::vector<gid_t> groups(static_cast<size_t>(n));
    n = ::getgroups(n, groups.data());
    for (int i = 0; i < n; ++i) c.gids.push_back(groups[static_cast<size_t>(i)]);
  }
  return c;
}

bool Credentials::can_access(unsigned file_uid, unsigned file_gid, unsigned mode, bool write) const {
  if (uid == 0) return true;  // CAP_DAC_OVERRIDE
  unsigned bit = write ? 2u : 4u;
  if (file_uid == uid) return (mode >> 6) & bit;
  if (std::find(gids.begin(), gids.end(), file_gid) != gids.end()) return (mode >> 3) & bit;
  return mode & bit;
}

std::string ProbeContext::getenv(std::string_view name) const {
  auto it = env.find(std::string(name));
  return it == env.end() ? std::string() : it->second;
}

bool ProbeContext::has_env(std::string_view name) const { return env.count(std::string(name)) != 0; }

void ProbeContext::problem(std::string probe, std::string path, std::string error) {
  problems.push_back({std::move(probe), std::move(path), std::move(error)});
}

std::map<std::string, std::string> current_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return out;
}

ProbeContext ProbeContext::live(const std::string& root) {
  ProbeContext ctx;
  ctx.fs = RootFs(root);
  ctx.env = current_environment();
  ctx.creds = Credentials::current();
  ctx.allow_exec = (root.empty() || root == "/");
  if (ctx.allow_exec) {
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) ctx.self_exe.assign(buf, static_cast<size_t>(n));
  }
  return ctx;
}

}  // namespace gpudoctor::probe
