#pragma once
// Runs a child process that may hang or crash inside a GPU driver: its protocol output
// arrives on its fd 3, its stdout+stderr are kept (tail only), and past the deadline its
// whole process group is killed. A child stuck in the kernel (a wedged GPU leaves it in
// D state) may survive SIGKILL for a while; we stop waiting for it instead of hanging too.
#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::live {

struct ChildSpec {
  std::vector<std::string> argv;              // argv[0] is the executable path
  std::map<std::string, std::string> env_set; // added to (or replacing) this process's environment
  std::vector<std::string> env_unset;
  double timeout_s = 20;
  double idle_timeout_s = 0;                  // > 0: also give up after this long without protocol output
  double kill_grace_s = 2;                    // how long to wait for the killed child to be reaped
  size_t max_protocol_bytes = 16u << 20;
  size_t stderr_tail_bytes = 4096;
  // When set and it turns true, the child is stopped as at a timeout (result: cancelled).
  const std::atomic<bool>* cancel = nullptr;
};

struct ChildResult {
  enum class Status { exited, signaled, timeout, spawn_failed };
  Status status = Status::spawn_failed;
  int exit_code = -1;
  int signal = 0;
  bool unkillable = false;       // not reaped within kill_grace_s after SIGKILL
  double elapsed_s = 0;
  std::string stderr_tail;       // the child's stdout and stderr, last bytes
  std::string error;             // why it could not be started
  bool protocol_truncated = false;
  bool idle = false;             // the timeout was idle_timeout_s (no output), not timeout_s
  bool cancelled = false;        // stopped because ChildSpec::cancel turned true
};

// Each complete line the child writes on its fd 3 is passed to on_line as it arrives
// (progress can be shown while the child runs).
ChildResult run_child(const ChildSpec& spec, const std::function<void(std::string_view line)>& on_line);

// The path of the running executable (/proc/self/exe resolved), for re-executing ourselves.
std::string self_exe();

}  // namespace gpudoctor::live
