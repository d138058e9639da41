#include "util/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "util/strings.hpp"

extern char** environ;

namespace gpudoctor::util {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kKillGraceMs = 200;     // SIGTERM -> SIGKILL
constexpr int kReapAfterKillMs = 2000;  // a child stuck in D state is left behind, not waited for

std::string errno_text(int err) { return to_lower(std::strerror(err)); }

// Closes the descriptors it owns on every return path.
struct Fd {
  int fd = -1;
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

bool make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.fd = fds[0];
  write_end.fd = fds[1];
  ::fcntl(read_end.fd, F_SETFL, ::fcntl(read_end.fd, F_GETFL) | O_NONBLOCK);
  return true;
}

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// Reads what is available; returns false at EOF or on a hard error.
bool drain(int fd, std::string& buf, size_t max_output, bool& truncated) {
  char chunk[16384];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n > 0) {
      size_t room = max_output > buf.size() ? max_output - buf.size() : 0;
      size_t take = std::min(room, static_cast<size_t>(n));
      buf.append(chunk, take);
      if (take < static_cast<size_t>(n)) truncated = true;  // keep reading so the child never blocks
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

// Waits up to `ms` for `pid`; true when it was reaped.
bool reap_within(pid_t pid, int ms, int& status) {
  auto until = Clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;  // ECHILD: someone else reaped it; nothing left to wait for
    if (Clock::now() >= until) return false;
    ::usleep(10 * 1000);
  }
}

void record_status(int status, RunResult& r) {
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.term_signal = WTERMSIG(status);
    r.exit_code = -1;
  }
}

}  // namespace

std::string find_in_path(const std::string& name, const std::string& path) {
  if (name.empty()) return {};
  if (name.find('/') != std::string::npos) return is_executable_file(name) ? name : std::string();
  for (auto dir : split(path, ':')) {
    std::string d = dir.empty() ? "." : std::string(dir);
    std::string candidate = d + "/" + name;
    if (is_executable_file(candidate)) return candidate;
  }
  return {};
}

RunResult run_command(const std::vector<std::string>& argv, int timeout_ms, size_t max_output,
                      const std::map<std::string, std::string>* env) {
  RunResult r;
  if (argv.empty() || argv[0].empty()) {
    r.error = "empty command";
    return r;
  }
  if (timeout_ms < 1) timeout_ms = 1;

  std::string path_list;
  if (env) {
    auto it = env->find("PATH");
    if (it != env->end()) path_list = it->second;
  } else if (const char* p = std::getenv("PATH")) {
    path_list = p;
  }
  std::string program = find_in_path(argv[0], path_list);
  if (program.empty()) {
    // What a shell reports: 127 for "not found", 126 for "found but not executable".
    bool exists = argv[0].find('/') != std::string::npos && ::access(argv[0].c_str(), F_OK) == 0;
    r.exit_code = exists ? 126 : 127;
    r.error = exists ? "cannot execute " + argv[0] + ": permission denied" : "program not found: " + argv[0];
    return r;
  }

  Fd out_r, out_w, err_r, err_w;
  if (!make_pipe(out_r, out_w) || !make_pipe(err_r, err_w)) {
    r.error = "cannot create pipe: " + errno_text(errno);
    return r;
  }

  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_w.fd, 1);
  posix_spawn_file_actions_adddup2(&fa, err_w.fd, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  // Descriptors this process opened without O_CLOEXEC must not leak into the child.
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
  // Own process group (so the deadline can kill grandchildren too), default
  // signal dispositions and an empty mask whatever the caller set up.
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::vector<std::string> env_strings;
  std::vector<char*> cenv;
  if (env) {
    for (const auto& [k, v] : *env) env_strings.push_back(k + "=" + v);
    for (auto& s : env_strings) cenv.push_back(s.data());
    cenv.push_back(nullptr);
  }

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program.c_str(), &fa, &attr, cargv.data(), env ? cenv.data() : environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  out_w.reset();
  err_w.reset();
  if (rc != 0) {
    r.exit_code = rc == ENOENT ? 127 : 126;
    r.error = "cannot execute " + program + ": " + errno_text(rc);
    return r;
  }

  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  bool out_open = true, err_open = true, reaped = false;
  int status = 0;
  while (true) {
    if (!reaped) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid || (w < 0 && errno == ECHILD)) reaped = true;
    }
    if (reaped && !out_open && !err_open) break;
    int left = remaining_ms(deadline);
    if (left == 0) break;
    pollfd fds[2];
    nfds_t n = 0;
    if (out_open) fds[n++] = {out_r.fd, POLLIN, 0};
    if (err_open) fds[n++] = {err_r.fd, POLLIN, 0};
    // Short slices while the child runs so its exit is noticed promptly.
    int slice = std::min(left, 50);
    int pr = n ? ::poll(fds, n, slice) : (::usleep(static_cast<useconds_t>(slice) * 1000), 0);
    if (pr < 0 && errno != EINTR) {
      r.error = "poll failed: " + errno_text(errno);
      break;
    }
    if (out_open) out_open = drain(out_r.fd, r.out, max_output, r.output_truncated);
    if (err_open) err_open = drain(err_r.fd, r.err, max_output, r.output_truncated);
  }

  if (!reaped || out_open || err_open) {
    // Past the deadline: the child, or a background process it left holding
    // our pipes, is still running. Stop the whole group.
    if (!reaped) r.timed_out = true;
    ::kill(-pid, SIGTERM);
    if (!reaped) reaped = reap_within(pid, kKillGraceMs, status);
    ::kill(-pid, SIGKILL);
    if (!reaped) reaped = reap_within(pid, kReapAfterKillMs, status);
    if (out_open) drain(out_r.fd, r.out, max_output, r.output_truncated);
    if (err_open) drain(err_r.fd, r.err, max_output, r.output_truncated);
    if (!reaped) {
      r.error = "process " + std::to_string(pid) + " did not exit after SIGKILL";
      return r;
    }
    if (r.timed_out) {
      record_status(status, r);
      r.error = "timed out after " + std::to_string(timeout_ms) + " ms";
      return r;
    }
    if (r.error.empty()) r.error = "background process kept the output pipes open; its group was killed";
  }
  record_status(status, r);
  if (r.error.empty() && r.term_signal != 0) r.error = "killed by signal " + to_lower(::strsignal(r.term_signal));
  return r;
}

}  // namespace gpudoctor::util
