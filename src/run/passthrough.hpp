#pragma once
// Runs the user's command as a shell would: stdin and stdout are inherited untouched,
// stderr goes through a pipe and every byte is copied to our stderr unchanged (and handed
// to `on_stderr`, for the log explainer). The exit status is the command's own; death by
// signal N becomes 128+N; "not found" 127, "not executable" 126.
//
// Signals: the command stays in our process group, so Ctrl-C, Ctrl-\ and a terminal
// hangup reach it directly from the kernel. SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to
// gpudoctor by another process (kill PID) are forwarded to the command. A signal the
// kernel sent to the whole foreground group (si_code SI_KERNEL: the terminal) is not
// forwarded, or the command would get it twice. Limitation: `kill -INT -PGID` from a
// process reaches the command directly and once more forwarded.
#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "run/run_facts.hpp"

namespace gpudoctor::run {

struct PassthroughIo {
  int stderr_out = 2;  // where the command's stderr is copied (tests use a pipe or a file)
  std::function<void(pid_t)> on_started;                         // before any output is read
  std::function<void(const char* data, size_t n)> on_stderr;     // every byte, in order
  bool forward_signals = true;                                  // install the handlers (off in unit tests)
};

// Whether a signal gpudoctor received with this si_code is sent on to the command: not
// when the kernel sent it to the whole foreground group (SI_KERNEL: the terminal).
bool forwards_signal(int si_code);

// Blocks until the command has exited and its stderr is drained. After it exits, a
// background process that still holds the stderr pipe is given 200 ms of quiet before
// gpudoctor stops reading (it would otherwise wait for that process forever).
ExitInfo run_passthrough(const std::vector<std::string>& argv, const PassthroughIo& io);

}  // namespace gpudoctor::run
