#pragma once
// Helpers for tests/run: run a shell script (which calls "$GD", the built gpudoctor) with
// chosen environment, its output redirected by the script itself; wait for it with a
// safety deadline and its resource usage (peak RSS).
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace gpudoctor::run::testkit {

struct ShellRun {
  int exit_code = -1;  // -1 when killed by a signal or the deadline
  int signal = 0;
  long max_rss_kb = 0;
  bool timed_out = false;
};

inline std::vector<std::string> environment_with(const std::map<std::string, std::string>& set) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  env["GD"] = GD_BINARY;
  for (const auto& [k, v] : set) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

// Starts /bin/sh -c script; returns its pid (-1 on failure).
inline pid_t start_shell(const std::string& script, const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> args = {"/bin/sh", "-c", script};
  auto envs = environment_with(env);
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : envs) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  if (::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv.data(), envp.data()) != 0) return -1;
  return pid;
}

inline ShellRun wait_shell(pid_t pid, double deadline_s = 30) {
  ShellRun r;
  if (pid < 0) return r;
  auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  rusage ru{};
  for (;;) {
    pid_t w = ::wait4(pid, &status, WNOHANG, &ru);
    if (w == pid) break;
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > deadline_s) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &status, 0, &ru);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.max_rss_kb = ru.ru_maxrss;
  return r;
}

inline ShellRun run_shell(const std::string& script, const std::map<std::string, std::string>& env = {},
                          double deadline_s = 30) {
  return wait_shell(start_shell(script, env), deadline_s);
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace gpudoctor::run::testkit
