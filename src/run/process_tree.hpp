#pragma once
// The command's process tree from /proc: the root pid, its descendants, and processes
// that were once in the tree and live on re-parented (a data-loader worker whose parent
// died, a daemonised helper). A process is known by (pid, start time), so a recycled pid
// is never mistaken for ours. Parsing is separate from reading; tests give plain strings
// or a fixture proc root.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::run {

struct ProcStat {
  unsigned pid = 0, ppid = 0;
  char state = '?';
  uint64_t utime = 0, stime = 0;  // clock ticks
  uint64_t starttime = 0;         // clock ticks after boot
};

// One /proc/<pid>/stat line. The command name (field 2) may hold spaces and ')' itself,
// so the fields are counted from the last ')'.
std::optional<ProcStat> parse_proc_stat(std::string_view text);

// True when /proc/self/status's NSpid line lists more than one pid: this process lives
// in a PID namespace below another (a container), so NVML may report pids we cannot see.
bool nested_pid_namespace(std::string_view status_text);

// Pure: the pids of `root` and its descendants in `all`, plus the `known` (pid, start)
// pairs still present with the same start time.
std::set<unsigned> tree_members(const std::vector<ProcStat>& all, unsigned root, uint64_t root_start,
                                const std::map<unsigned, uint64_t>& known);

class ProcessTree {
 public:
  ProcessTree(unsigned root_pid, std::string proc_root = "/proc");

  // Re-reads the proc root. Returns false once the root process is gone (reaped, a
  // zombie, or its pid reused).
  bool refresh();
  bool contains(unsigned pid) const { return members_.count(pid) != 0; }
  // Whether the pid exists in our PID namespace (as of the last refresh).
  bool visible(unsigned pid) const { return all_.count(pid) != 0; }
  size_t size() const { return members_.size(); }
  // CPU ticks the tree used since the previous call (the first call counts from each
  // process's start).
  uint64_t take_cpu_ticks();

 private:
  unsigned root_;
  std::string proc_root_;
  uint64_t root_start_ = 0;
  bool root_seen_ = false;
  std::map<unsigned, ProcStat> all_;         // every process, last refresh
  std::set<unsigned> members_;
  std::map<unsigned, uint64_t> known_;       // pid -> start time, ever in the tree
  std::map<unsigned, std::pair<uint64_t, uint64_t>> last_ticks_;  // pid -> (start, ticks)
};

}  // namespace gpudoctor::run
