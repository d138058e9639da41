#pragma once
// Runs the real gpudoctor binary, as a user would, and captures what it prints.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace gdtest {

struct CmdResult {
  int exit_code = -1;
  std::string out;
};

// `env_prefix` is prepended as "VAR=value ... " via env(1); stderr is discarded
// unless `with_stderr`.
// Runs a shell command line and captures its stdout.
inline CmdResult run_shell(const std::string& cmd) {
  CmdResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 65536> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

inline CmdResult run_gpudoctor(const std::string& args, const std::string& env_prefix = "", bool with_stderr = false) {
  return run_shell("env " + env_prefix + " '" + GD_BINARY + "' " + args + (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace gdtest
