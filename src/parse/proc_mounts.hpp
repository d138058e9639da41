#pragma once
// /proc/self/mounts (fstab format, proc(5)): "source mountpoint fstype options dump pass",
// with spaces in paths written as \040. Only what the probes ask: one mount point's line,
// and tmpfs's size= option (tmpfs(5): bytes, with a k, m or g suffix, or a % of RAM).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::parse {

struct MountEntry {
  std::string source, mount_point, fs_type;
  std::vector<std::string> options;  // "rw", "nosuid", "size=65536k", ...
  bool has_option(std::string_view o) const;
  std::string option_value(std::string_view key) const;  // "65536k" for "size"; "" when absent
};

// The last entry for `mount_point` (a later mount hides the earlier ones); nullopt when none.
std::optional<MountEntry> find_mount(std::string_view mounts_text, std::string_view mount_point);

// "65536k" -> 67108864; nullopt for a percentage or anything else.
std::optional<long long> parse_tmpfs_size(std::string_view value);

}  // namespace gpudoctor::parse
