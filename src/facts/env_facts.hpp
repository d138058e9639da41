#pragma once
#include <map>
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// Only the variables that matter for GPU use are kept (the allow-list kb/env_vars.tsv).
struct EnvFacts {
  std::map<std::string, std::string> vars;  // real values in memory; redacted when written
  // Names whose value a written report or facts file replaced by "<redacted ...>": the
  // variable was set (and non-empty), its value is not shown. Empty in memory.
  std::vector<std::string> redacted;
  unsigned uid = 0;
  std::string user;
  std::vector<std::string> ld_library_path_missing;  // entries that are not directories under the root
};
GD_JSON(EnvFacts, vars, redacted, uid, user, ld_library_path_missing)

}  // namespace gpudoctor::facts
