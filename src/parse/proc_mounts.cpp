#include "parse/proc_mounts.hpp"

#include <limits>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

// \040 (space), \011 (tab), \012 (newline), \134 (backslash) as the kernel writes them.
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && s.size() - i >= 4) {
      auto oct = s.substr(i + 1, 3);
      bool ok = oct.find_first_not_of("01234567") == std::string_view::npos;
      if (ok) {
        out.push_back(static_cast<char>((oct[0] - '0') * 64 + (oct[1] - '0') * 8 + (oct[2] - '0')));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace

bool MountEntry::has_option(std::string_view o) const {
  for (const auto& x : options)
    if (x == o) return true;
  return false;
}

std::string MountEntry::option_value(std::string_view key) const {
  for (const auto& x : options)
    if (x.size() > key.size() && util::starts_with(x, key) && x[key.size()] == '=') return x.substr(key.size() + 1);
  return "";
}

std::optional<MountEntry> find_mount(std::string_view text, std::string_view mount_point) {
  std::optional<MountEntry> found;
  for (auto line : util::split(text, '\n')) {
    std::vector<std::string_view> f;
    for (auto w : util::split(line, ' '))
      if (!w.empty()) f.push_back(w);
    if (f.size() < 4) continue;
    std::string mp = unescape(f[1]);
    if (mp != mount_point) continue;
    MountEntry e;
    e.source = unescape(f[0]);
    e.mount_point = std::move(mp);
    e.fs_type = std::string(f[2]);
    for (auto o : util::split(f[3], ',')) e.options.emplace_back(o);
    found = std::move(e);
  }
  return found;
}

std::optional<long long> parse_tmpfs_size(std::string_view value) {
  if (value.empty()) return std::nullopt;
  long long mult = 1;
  char last = value.back();
  if (last == 'k' || last == 'K') mult = 1LL << 10;
  if (last == 'm' || last == 'M') mult = 1LL << 20;
  if (last == 'g' || last == 'G') mult = 1LL << 30;
  if (mult != 1) value.remove_suffix(1);
  auto n = util::parse_int(value);
  if (!n || *n < 0 || *n > std::numeric_limits<long long>::max() / mult) return std::nullopt;
  return *n * mult;
}

}  // namespace gpudoctor::parse
