#include "run/process_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <iterator>

namespace gpudoctor::run {
namespace {

bool to_u64(std::string_view s, uint64_t& v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// One bounded read: /proc files report st_size 0.
std::optional<std::string> read_small(const std::string& path, size_t max = 4096) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out(max, '\0');
  size_t got = 0;
  while (got < max) {
    ssize_t n = ::read(fd, out.data() + got, max - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  return out;
}

}  // namespace

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  ProcStat s;
  auto lp = text.find('(');
  auto rp = text.rfind(')');
  if (lp == std::string_view::npos || rp == std::string_view::npos || rp < lp) return std::nullopt;
  uint64_t v = 0;
  std::string_view pid = text.substr(0, lp);
  while (!pid.empty() && pid.back() == ' ') pid.remove_suffix(1);
  if (!to_u64(pid, v) || v == 0 || v > 0xFFFFFFFFu) return std::nullopt;
  s.pid = static_cast<unsigned>(v);
  // Fields after the name, 1-based as in proc(5): 3 state, 4 ppid, 14 utime, 15 stime, 22 starttime.
  std::string_view rest = text.substr(rp + 1);
  int field = 2;
  size_t i = 0;
  bool have_ppid = false, have_start = false;
  while (i < rest.size()) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\n')) ++i;
    if (i >= rest.size()) break;
    size_t j = i;
    while (j < rest.size() && rest[j] != ' ' && rest[j] != '\n') ++j;
    std::string_view tok = rest.substr(i, j - i);
    ++field;
    if (field == 3) {
      s.state = tok[0];
    } else if (field == 4 || field == 14 || field == 15 || field == 22) {
      if (!to_u64(tok, v)) return std::nullopt;
      if (field == 4) {
        s.ppid = static_cast<unsigned>(v);
        have_ppid = true;
      } else if (field == 14) {
        s.utime = v;
      } else if (field == 15) {
        s.stime = v;
      } else {
        s.starttime = v;
        have_start = true;
        break;
      }
    }
    i = j;
  }
  if (!have_ppid || !have_start) return std::nullopt;
  return s;
}

bool nested_pid_namespace(std::string_view status_text) {
  size_t pos = 0;
  while (pos < status_text.size()) {
    size_t nl = status_text.find('\n', pos);
    std::string_view line = status_text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (line.rfind("NSpid:", 0) == 0) {
      int numbers = 0;
      bool in_number = false;
      for (char c : line.substr(6)) {
        bool digit = c >= '0' && c <= '9';
        if (digit && !in_number) ++numbers;
        in_number = digit;
      }
      return numbers > 1;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return false;
}

std::set<unsigned> tree_members(const std::vector<ProcStat>& all, unsigned root, uint64_t root_start,
                                const std::map<unsigned, uint64_t>& known) {
  std::map<unsigned, std::vector<unsigned>> children;
  std::map<unsigned, uint64_t> start;
  for (const auto& p : all) {
    children[p.ppid].push_back(p.pid);
    start[p.pid] = p.starttime;
  }
  std::set<unsigned> out;
  std::vector<unsigned> todo;
  auto root_it = start.find(root);
  if (root_it != start.end() && root_it->second == root_start) todo.push_back(root);
  for (const auto& [pid, st] : known) {
    auto it = start.find(pid);
    if (it != start.end() && it->second == st) todo.push_back(pid);
  }
  while (!todo.empty()) {
    unsigned pid = todo.back();
    todo.pop_back();
    if (!out.insert(pid).second) continue;
    auto it = children.find(pid);
    if (it != children.end())
      for (unsigned c : it->second) todo.push_back(c);
  }
  return out;
}

ProcessTree::ProcessTree(unsigned root_pid, std::string proc_root) : root_(root_pid), proc_root_(std::move(proc_root)) {}

bool ProcessTree::refresh() {
  all_.clear();
  std::vector<ProcStat> stats;
  if (DIR* d = ::opendir(proc_root_.c_str())) {
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
      auto text = read_small(proc_root_ + "/" + e->d_name + "/stat", 1024);
      if (!text) continue;  // exited between readdir and open
      if (auto s = parse_proc_stat(*text)) {
        stats.push_back(*s);
        all_[s->pid] = *s;
      }
    }
    ::closedir(d);
  }
  auto root = all_.find(root_);
  if (!root_seen_) {
    if (root == all_.end()) return false;
    root_seen_ = true;
    root_start_ = root->second.starttime;
  }
  members_ = tree_members(stats, root_, root_start_, known_);
  for (unsigned pid : members_) known_[pid] = all_[pid].starttime;
  // Forget processes that are gone, so the map stays as small as the live tree.
  for (auto it = known_.begin(); it != known_.end();) {
    auto a = all_.find(it->first);
    it = a == all_.end() || a->second.starttime != it->second ? known_.erase(it) : std::next(it);
  }
  return root != all_.end() && root->second.starttime == root_start_ && root->second.state != 'Z';
}

uint64_t ProcessTree::take_cpu_ticks() {
  uint64_t delta = 0;
  std::map<unsigned, std::pair<uint64_t, uint64_t>> now;
  for (unsigned pid : members_) {
    const ProcStat& s = all_[pid];
    uint64_t ticks = s.utime + s.stime;
    auto it = last_ticks_.find(pid);
    if (it != last_ticks_.end() && it->second.first == s.starttime)
      delta += ticks >= it->second.second ? ticks - it->second.second : 0;
    else
      delta += ticks;
    now[pid] = {s.starttime, ticks};
  }
  last_ticks_ = std::move(now);
  return delta;
}

}  // namespace gpudoctor::run
