#pragma once
// Python environments and the TensorFlow / PyTorch / JAX installs found in them.
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

struct PythonEnv {
  std::string prefix;
  std::string kind;            // "venv", "conda", "system", "user", "pyenv"
  std::string python_version;  // "3.11"
  std::vector<std::string> site_packages;
};
GD_JSON(PythonEnv, prefix, kind, python_version, site_packages)

struct FrameworkFacts {
  std::vector<PythonEnv> environments;
};
GD_JSON(FrameworkFacts, environments)

}  // namespace gpudoctor::facts
