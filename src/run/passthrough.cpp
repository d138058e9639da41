#include "run/passthrough.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <iterator>

extern char** environ;

namespace gpudoctor::run {
namespace {

constexpr int kForwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// The handler may only touch lock-free atomics: the child's pid (0 before it exists and
// after it is reaped) and a signal that arrived before the child existed.
std::atomic<pid_t> g_child{0};
std::atomic<int> g_pending{0};

void forward(int sig, siginfo_t* info, void*) {
  if (info && !forwards_signal(info->si_code)) return;  // the terminal: the child got its own copy
  pid_t pid = g_child.load();
  if (pid > 0) ::kill(pid, sig);
  else g_pending.store(sig);
}

// Installs the forwarding handlers for as long as it lives. Signals that were ignored
// when gpudoctor started (nohup, `cmd &` in a script) stay ignored, and the command
// inherits that, as it would without gpudoctor.
class SignalForwarder {
 public:
  explicit SignalForwarder(bool on) : on_(on) {
    if (!on_) return;
    for (size_t i = 0; i < std::size(kForwarded); ++i) {
      struct sigaction cur {};
      ::sigaction(kForwarded[i], nullptr, &cur);
      old_[i] = cur;
      if (cur.sa_handler == SIG_IGN) continue;
      struct sigaction sa {};
      sa.sa_sigaction = forward;
      sa.sa_flags = SA_SIGINFO | SA_RESTART;
      sigemptyset(&sa.sa_mask);
      ::sigaction(kForwarded[i], &sa, nullptr);
    }
  }
  ~SignalForwarder() {
    if (!on_) return;
    for (size_t i = 0; i < std::size(kForwarded); ++i) ::sigaction(kForwarded[i], &old_[i], nullptr);
  }
  void started(pid_t pid) {
    g_child.store(pid);
    if (int sig = g_pending.exchange(0)) ::kill(pid, sig);
  }
  void reaped() { g_child.store(0); }
  SignalForwarder(const SignalForwarder&) = delete;
  SignalForwarder& operator=(const SignalForwarder&) = delete;

 private:
  bool on_;
  struct sigaction old_[std::size(kForwarded)] {};
};

// Writes all of `n` bytes; a closed or failing stderr stops the copy, not the command.
bool write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno == EAGAIN) {  // our stderr is non-blocking: wait until it drains
      pollfd pfd{fd, POLLOUT, 0};
      ::poll(&pfd, 1, 100);
      continue;
    }
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

ExitInfo spawn_error(const std::string& cmd, int err) {
  ExitInfo e;
  if (err == ENOENT && cmd.find('/') == std::string::npos) {
    e.status = "not_found";
    e.exit_code = 127;
    e.error = cmd + ": command not found";
  } else if (err == ENOENT) {
    e.status = "not_found";
    e.exit_code = 127;
    e.error = cmd + ": " + std::strerror(err);
  } else if (err == EACCES || err == ENOEXEC || err == EISDIR || err == EPERM) {
    e.status = "not_executable";
    e.exit_code = 126;
    e.error = cmd + ": " + std::strerror(err);
  } else {
    e.status = "spawn_failed";
    e.exit_code = 126;
    e.error = cmd + ": " + std::strerror(err);
  }
  return e;
}

ExitInfo exit_info(int status) {
  ExitInfo e;
  if (WIFSIGNALED(status)) {
    e.status = "signaled";
    e.signal = WTERMSIG(status);
    e.exit_code = 128 + e.signal;
  } else {
    e.status = "exited";
    e.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  }
  return e;
}

}  // namespace

bool forwards_signal(int si_code) { return si_code != SI_KERNEL; }

ExitInfo run_passthrough(const std::vector<std::string>& argv, const PassthroughIo& io) {
  if (argv.empty()) return spawn_error("", ENOENT);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return spawn_error(argv[0], errno);
  // Above the standard descriptors: with our stderr closed the pipe could land on fd 2,
  // and a dup2 onto itself would keep FD_CLOEXEC.
  int rd = ::fcntl(fds[0], F_DUPFD_CLOEXEC, 3), wr = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 3);
  ::close(fds[0]);
  ::close(fds[1]);
  if (rd < 0 || wr < 0) {
    int err = errno;
    if (rd >= 0) ::close(rd);
    if (wr >= 0) ::close(wr);
    return spawn_error(argv[0], err);
  }

  SignalForwarder forwarder(io.forward_signals);
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_adddup2(&fa, wr, 2);
  // Caught signals reset to their default at exec anyway; SIGPIPE we ignore below for
  // ourselves, so the command gets it back as it was when gpudoctor started.
  struct sigaction pipe_old {};
  ::sigaction(SIGPIPE, nullptr, &pipe_old);
  sigset_t defaults;
  sigemptyset(&defaults);
  if (pipe_old.sa_handler != SIG_IGN) sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> args = argv;
  std::vector<char*> cargv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  // A reader of our stderr that went away must not kill gpudoctor mid-copy.
  struct sigaction ign {};
  ign.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ign, nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, cargv[0], &fa, &attr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(wr);
  if (rc != 0) {
    ::close(rd);
    ::sigaction(SIGPIPE, &pipe_old, nullptr);
    return spawn_error(argv[0], rc);
  }
  forwarder.started(pid);
  if (io.on_started) io.on_started(pid);

  bool out_ok = true;
  bool exited = false;
  int status = 0;
  auto quiet_since = std::chrono::steady_clock::now();
  std::vector<char> buf(1 << 16);
  for (;;) {
    if (!exited) {
      // Wait without reaping, so the pid cannot be recycled while the handler may still
      // forward a signal to it.
      siginfo_t si{};
      si.si_pid = 0;
      if (::waitid(P_PID, static_cast<id_t>(pid), &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid) {
        exited = true;
        quiet_since = std::chrono::steady_clock::now();
      }
    }
    if (exited && std::chrono::steady_clock::now() - quiet_since > std::chrono::milliseconds(200)) break;
    pollfd pfd{rd, POLLIN, 0};
    int pr = ::poll(&pfd, 1, exited ? 50 : 100);
    if (pr < 0 && errno != EINTR) break;
    if (pr <= 0) continue;
    ssize_t n = ::read(rd, buf.data(), buf.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;  // every writer closed it
    quiet_since = std::chrono::steady_clock::now();
    if (out_ok) out_ok = write_all(io.stderr_out, buf.data(), static_cast<size_t>(n));
    if (io.on_stderr) io.on_stderr(buf.data(), static_cast<size_t>(n));
  }
  ::close(rd);
  // The command may still run after closing its stderr: wait (forwarding signals) without
  // reaping, stop forwarding, then reap.
  siginfo_t si{};
  while (!exited && ::waitid(P_PID, static_cast<id_t>(pid), &si, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  forwarder.reaped();
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::sigaction(SIGPIPE, &pipe_old, nullptr);
  return exit_info(status);
}

}  // namespace gpudoctor::run
