#pragma once
// Typed accessors over the framework tables: kb/tf_tested.tsv, kb/tf_and_cuda.tsv,
// kb/tf_dso_sonames.tsv, kb/jax_cuda_plugins.tsv.
#include <optional>
#include <string>
#include <string_view>

#include "kb/kb.hpp"

namespace gpudoctor::kb {

struct TfTested {
  std::string tf;  // "2.15"
  std::string python_min, python_max;
  std::string cuda, cudnn;
};

// The Linux tested configuration of the TensorFlow minor release `tf_version` belongs to.
std::optional<TfTested> tf_tested_config(const Kb& kb, std::string_view tf_version, bool windows = false);

// jaxlib/plugin_support.py check_plugin_version: the dotted numeric prefixes are equal.
bool jax_versions_match(std::string_view a, std::string_view b);

}  // namespace gpudoctor::kb
