#pragma once
// One builder per framework: given an environment, the install record of TensorFlow,
// PyTorch or JAX in it (nullopt when the framework is not installed there).
#include <optional>

#include "probe/framework_common.hpp"

namespace gpudoctor::probe {

std::optional<facts::FrameworkInstall> tensorflow_install(FrameworkScan& s);
std::optional<facts::FrameworkInstall> torch_install(FrameworkScan& s);
std::optional<facts::FrameworkInstall> jax_install(FrameworkScan& s);

// Fields every install shares (env, site-packages of the distribution).
facts::FrameworkInstall base_install(const FrameworkScan& s, std::string framework, const facts::PythonDist& d);

}  // namespace gpudoctor::probe
