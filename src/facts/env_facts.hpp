#pragma once
#include <map>
#include <string>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// Only the variables that matter for GPU use are kept (CUDA_*, NVIDIA_*, TF_*, ...).
struct EnvFacts {
  std::map<std::string, std::string> vars;
  unsigned uid = 0;
  std::string user;
};
GD_JSON(EnvFacts, vars, uid, user)

}  // namespace gpudoctor::facts
