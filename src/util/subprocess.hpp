#pragma once
// Runs a helper program (`nvcc --version`, `ptxas --version`, a probe child)
// with a hard deadline and bounded output. Probes must never hang on a broken
// toolkit, a wedged driver or a program that floods its output, so the child
// runs in its own process group and the whole group is killed at the deadline.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace gpudoctor::util {

struct RunResult {
  int exit_code = -1;      // the child's exit status; -1 when it was killed by a signal or never ran;
                           // 127 when the program does not exist, 126 when it cannot be executed
  int term_signal = 0;     // the signal that ended the child (SIGTERM/SIGKILL after a timeout)
  bool timed_out = false;  // the deadline passed and the process group was killed
  bool output_truncated = false;  // stdout or stderr went past max_output; the rest was discarded
  std::string out, err;    // captured stdout / stderr, each at most max_output bytes
  std::string error;       // why it did not run or finish normally, "" when it exited by itself
};

// Runs argv[0] with arguments argv[1..] and waits at most `timeout_ms` (values
// below 1 count as 1). A program name without '/' is looked up in PATH: the
// PATH of `env` when given, else this process's. `env`, when given, is the
// child's whole environment; otherwise it inherits this process's. stdin is
// /dev/null. At the deadline the child's process group gets SIGTERM, then
// SIGKILL 200 ms later. Never throws; thread-safe (posix_spawn, CLOEXEC pipes).
RunResult run_command(const std::vector<std::string>& argv, int timeout_ms, size_t max_output = 1u << 20,
                      const std::map<std::string, std::string>* env = nullptr);

// The first executable regular file called `name` in the ':'-separated `path`
// list (an empty entry is the current directory, as in execvp(3)); "" when none.
std::string find_in_path(const std::string& name, const std::string& path);

}  // namespace gpudoctor::util
