#pragma once
#include <map>
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// Only the variables that matter for GPU use are kept (CUDA_*, NVIDIA_*, TF_*, ...).
struct EnvFacts {
  std::map<std::string, std::string> vars;
  unsigned uid = 0;
  std::string user;
  std::vector<std::string> ld_library_path_missing;  // entries that are not directories under the root
};
GD_JSON(EnvFacts, vars, uid, user, ld_library_path_missing)

}  // namespace gpudoctor::facts
