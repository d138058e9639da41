#include "live/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <algorithm>
#include <cstring>
#include <thread>

extern char** environ;

namespace gpudoctor::live {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A pipe whose ends sit above the standard descriptors and fd 3, and are close-on-exec:
// posix_spawn's dup2 onto the same number would keep FD_CLOEXEC set and the child would
// lose the descriptor.
struct Pipe {
  int r = -1, w = -1;
  bool open(std::string& error) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      error = std::string("pipe: ") + std::strerror(errno);
      return false;
    }
    r = ::fcntl(fds[0], F_DUPFD_CLOEXEC, 10);
    w = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    ::close(fds[0]);
    ::close(fds[1]);
    if (r < 0 || w < 0) {
      error = std::string("fcntl: ") + std::strerror(errno);
      close_both();
      return false;
    }
    return true;
  }
  void close_read() {
    if (r >= 0) ::close(r);
    r = -1;
  }
  void close_write() {
    if (w >= 0) ::close(w);
    w = -1;
  }
  void close_both() {
    close_read();
    close_write();
  }
};

std::vector<std::string> build_env(const ChildSpec& spec) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
  }
  for (const auto& name : spec.env_unset) env.erase(name);
  for (const auto& [k, v] : spec.env_set) env[k] = v;
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Reads what is available; returns false at end of file or on error.
bool read_some(int fd, std::string& into) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

class LineSplitter {
 public:
  LineSplitter(const std::function<void(std::string_view)>& on_line, size_t max_bytes)
      : on_line_(on_line), max_bytes_(max_bytes) {}
  void feed(const std::string& data, bool& truncated) {
    if (total_ + data.size() > max_bytes_) {
      truncated = true;
      return;
    }
    total_ += data.size();
    pending_ += data;
    size_t start = 0;
    for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1)
      if (on_line_) on_line_(std::string_view(pending_).substr(start, nl - start));
    pending_.erase(0, start);
  }
  void finish() {
    if (!pending_.empty() && on_line_) on_line_(pending_);
    pending_.clear();
  }

 private:
  const std::function<void(std::string_view)>& on_line_;
  size_t max_bytes_;
  size_t total_ = 0;
  std::string pending_;
};

void keep_tail(std::string& tail, const std::string& data, size_t limit) {
  tail += data;
  if (tail.size() > limit) tail.erase(0, tail.size() - limit);
}

void record_status(ChildResult& r, int status) {
  if (WIFEXITED(status)) {
    r.status = ChildResult::Status::exited;
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.status = ChildResult::Status::signaled;
    r.signal = WTERMSIG(status);
  }
}

}  // namespace

std::string self_exe() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "/proc/self/exe";
  return std::string(buf, static_cast<size_t>(n));
}

ChildResult run_child(const ChildSpec& spec, const std::function<void(std::string_view line)>& on_line) {
  ChildResult res;
  if (spec.argv.empty()) {
    res.error = "no command";
    return res;
  }
  Pipe proto, out;
  if (!proto.open(res.error)) return res;
  if (!out.open(res.error)) {
    proto.close_both();
    return res;
  }

  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out.w, 1);
  posix_spawn_file_actions_adddup2(&fa, out.w, 2);
  posix_spawn_file_actions_adddup2(&fa, proto.w, 3);
  // Its own process group, so a timeout kills whatever it started as well; default
  // signal dispositions and an empty mask whatever the parent set.
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGSEGV);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_s = spec.argv;
  std::vector<std::string> env_s = build_env(spec);
  auto argv = c_strings(argv_s);
  auto envp = c_strings(env_s);

  auto t0 = Clock::now();
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  proto.close_write();
  out.close_write();
  if (rc != 0) {
    res.error = "cannot run " + spec.argv[0] + ": " + std::strerror(rc);
    proto.close_read();
    out.close_read();
    return res;
  }

  LineSplitter lines(on_line, spec.max_protocol_bytes);
  bool exited = false, timed_out = false;
  Clock::time_point exit_time{}, last_output = Clock::now();
  for (;;) {
    if (!exited) {
      int status = 0;
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        exited = true;
        exit_time = Clock::now();
        record_status(res, status);
      }
    }
    bool pipes_open = proto.r >= 0 || out.r >= 0;
    if (exited && (!pipes_open || seconds_since(exit_time) > 0.5)) break;
    double left = spec.timeout_s - seconds_since(t0);
    if (spec.idle_timeout_s > 0) {
      double idle_left = spec.idle_timeout_s - seconds_since(last_output);
      if (!exited && idle_left <= 0) res.idle = true;
      left = std::min(left, idle_left);
    }
    if (!exited && spec.cancel && spec.cancel->load()) res.cancelled = true;
    if (!exited && (left <= 0 || res.cancelled)) {
      timed_out = true;
      break;
    }

    pollfd fds[2];
    nfds_t n = 0;
    if (proto.r >= 0) fds[n++] = {proto.r, POLLIN, 0};
    if (out.r >= 0) fds[n++] = {out.r, POLLIN, 0};
    int wait_ms = static_cast<int>(std::min(50.0, std::max(1.0, left * 1000)));
    if (n == 0) {
      // Both pipes closed: the child is exiting, reap it soon (a 50 ms nap here was most
      // of `gpudoctor`'s wall time).
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(wait_ms, 2)));
      continue;
    }
    if (::poll(fds, n, wait_ms) < 0 && errno != EINTR) break;
    for (nfds_t i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      std::string data;
      bool more = read_some(fds[i].fd, data);
      if (fds[i].fd == proto.r) {
        if (!data.empty()) last_output = Clock::now();
        lines.feed(data, res.protocol_truncated);
        if (!more) proto.close_read();
      } else {
        keep_tail(res.stderr_tail, data, spec.stderr_tail_bytes);
        if (!more) out.close_read();
      }
    }
  }

  if (timed_out || proto.r >= 0 || out.r >= 0) ::kill(-pid, SIGKILL);
  if (timed_out) {
    res.status = ChildResult::Status::timeout;
    auto killed_at = Clock::now();
    for (;;) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) break;
      if (seconds_since(killed_at) > spec.kill_grace_s) {
        res.unkillable = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  lines.finish();
  proto.close_read();
  out.close_read();
  res.elapsed_s = seconds_since(t0);
  return res;
}

}  // namespace gpudoctor::live
