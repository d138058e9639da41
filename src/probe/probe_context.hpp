#pragma once
// What every probe gets: the root it reads under, the environment it judges (not
// getenv, so tests inject one), this user's credentials, and where problems go.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "facts/facts.hpp"
#include "probe/root_fs.hpp"

namespace gpudoctor::probe {

struct Credentials {
  unsigned uid = 0;
  std::vector<unsigned> gids;  // primary and supplementary
  static Credentials current();
  // Would open(2) with these credentials succeed for this mode/owner? root always can.
  bool can_access(unsigned file_uid, unsigned file_gid, unsigned mode, bool write) const;
};

struct ProbeContext {
  RootFs fs{"/"};
  std::map<std::string, std::string> env;
  Credentials creds;
  // Running helper programs (nvcc --version) is allowed only on the live root.
  bool allow_exec = true;
  int exec_timeout_ms = 3000;
  // Python environments named on the command line (--env DIR, --python PATH), probed
  // besides the ones discovered.
  std::vector<std::string> env_dirs;
  std::vector<std::string> pythons;
  std::vector<facts::ProbeProblem> problems;
  // The gpudoctor executable itself (/proc/self/exe), on the live root only: installed with
  // pip into a venv and run as /venv/bin/gpudoctor, that venv is the user's.
  std::string self_exe;

  std::string getenv(std::string_view name) const;
  bool has_env(std::string_view name) const;
  void problem(std::string probe, std::string path, std::string error);

  // This process's environment and credentials, reading under `root`.
  static ProbeContext live(const std::string& root = "/");
};

std::map<std::string, std::string> current_environment();

}  // namespace gpudoctor::probe
