#pragma once
// The PyPI tier's environments (tests/pypi/setup_envs.sh): where they are, and whether
// one finished installing. Tests skip themselves when GD_PYPI_ENVS is not set, or fail
// when CI requires the tier (helpers/tiers.hpp).
#include <cstdlib>
#include <filesystem>
#include <string>

#include "helpers/tiers.hpp"

namespace gdtest {

inline std::string pypi_envs_dir() {
  const char* d = std::getenv("GD_PYPI_ENVS");
  return d ? d : "";
}

inline bool pypi_env_prepared(const std::string& env) { return std::filesystem::exists(env + "/.gd-done"); }

}  // namespace gdtest
