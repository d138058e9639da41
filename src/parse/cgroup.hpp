#pragma once
// /proc/<pid>/cgroup (cgroups(7)): one "hierarchy-ID:controller-list:cgroup-path"
// line per hierarchy; cgroup v2 has the single line "0::<path>". Inside a cgroup-v1
// container PID 1's paths name the manager ("/docker/<id>", "/kubepods/...",
// "/lxc/<name>"); under cgroup v2 with a cgroup namespace the path is just "/".
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct CgroupEntry {
  std::string hierarchy;    // "12", "0"
  std::string controllers;  // "memory", "cpu,cpuacct", "" (v2), "name=systemd"
  std::string path;         // may itself contain ':'
};

// Fails when no line has the three fields.
ParseResult<std::vector<CgroupEntry>> parse_proc_cgroup(std::string_view text);

// What the cgroup paths say about a container manager.
struct CgroupHint {
  std::string manager;     // "docker", "containerd", "cri-o", "lxc", "" (none seen)
  bool kubepods = false;   // a path under kubepods: a Kubernetes pod
  std::string line;        // the first entry that gave a hint, as "id:controllers:path"
};
CgroupHint cgroup_container_hint(const std::vector<CgroupEntry>& entries);

}  // namespace gpudoctor::parse
