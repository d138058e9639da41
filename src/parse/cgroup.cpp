#include "parse/cgroup.hpp"

#include "util/strings.hpp"

namespace gpudoctor::parse {

ParseResult<std::vector<CgroupEntry>> parse_proc_cgroup(std::string_view text) {
  std::vector<CgroupEntry> out;
  for (const std::string& raw : util::split_lines(text)) {
    std::string_view line = util::trim(raw);
    size_t a = line.find(':');
    if (a == std::string_view::npos) continue;
    size_t b = line.find(':', a + 1);
    if (b == std::string_view::npos) continue;
    std::string_view path = line.substr(b + 1);
    if (path.empty() || path.front() != '/') continue;
    out.push_back({std::string(line.substr(0, a)), std::string(line.substr(a + 1, b - a - 1)), std::string(path)});
  }
  if (out.empty()) return ParseResult<std::vector<CgroupEntry>>::fail("no hierarchy-id:controllers:path lines");
  return ParseResult<std::vector<CgroupEntry>>::ok(std::move(out));
}

CgroupHint cgroup_container_hint(const std::vector<CgroupEntry>& entries) {
  CgroupHint out;
  for (const auto& e : entries) {
    std::string p = util::to_lower(e.path);
    bool kube = util::contains(p, "kubepods");
    // Runtimes as they name their cgroups: "/docker/<id>", "docker-<id>.scope",
    // "cri-containerd-<id>.scope", "crio-<id>.scope", "/lxc/<name>", "lxc.payload.<name>".
    std::string manager;
    if (util::contains(p, "docker"))
      manager = "docker";
    else if (util::contains(p, "containerd"))
      manager = "containerd";
    else if (util::contains(p, "crio") || util::contains(p, "cri-o"))
      manager = "cri-o";
    else if (util::contains(p, "/lxc") || util::contains(p, "lxc.payload"))
      manager = "lxc";
    if (!kube && manager.empty()) continue;
    if (out.line.empty()) out.line = e.hierarchy + ":" + e.controllers + ":" + e.path;
    out.kubepods = out.kubepods || kube;
    if (out.manager.empty()) out.manager = manager;
  }
  return out;
}

}  // namespace gpudoctor::parse
