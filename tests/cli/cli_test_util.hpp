#pragma once
// Runs the real gpudoctor binary, as a user would, and captures what it prints.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
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

// The binary the CLI tests run: this build's, unless GD_BINARY_UNDER_TEST names another (the
// wheel tier runs these tests against the aarch64 binary under qemu-user this way).
inline std::string binary_under_test() {
  const char* other = std::getenv("GD_BINARY_UNDER_TEST");
  return other && *other ? other : GD_BINARY;
}

inline CmdResult run_gpudoctor(const std::string& args, const std::string& env_prefix = "", bool with_stderr = false) {
  return run_shell("env " + env_prefix + " '" + binary_under_test() + "' " + args + (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace gdtest
