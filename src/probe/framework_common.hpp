#pragma once
// Pieces every framework install shares: which libraries its shared objects would
// load (framework_loader.hpp), what CUDA device code they carry (fatbin headers), and
// where XLA would find ptxas and libdevice.
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "kb/kb.hpp"
#include "probe/framework_loader.hpp"
#include "probe/probe_context.hpp"

namespace gpudoctor::probe {

struct FrameworkScan {
  ProbeContext& ctx;
  const facts::Facts& facts;
  const kb::Kb& kb;
  SonameResolver& resolver;
  const facts::PythonEnv& env;
};

// A library the framework would dlopen or needs as DT_NEEDED.
struct WantedLib {
  std::string id;
  std::string soname;
  bool required = true;
  std::string min_version;
  std::string min_version_source;  // where min_version was read (FrameworkLib::min_version_source)
};

// Reads the dynamic tags of `so` (inside the root) into the install's loader fields.
// False (and a problem recorded on the install) when it cannot be read.
bool read_loader(FrameworkScan& s, facts::FrameworkInstall& inst, const std::string& so);

// The DT_NEEDED entries of `so` ("" on failure).
std::vector<std::string> needed_of(FrameworkScan& s, const std::string& so);

// Resolves each wanted soname from the install's loader and records the outcome.
void resolve_libs(FrameworkScan& s, facts::FrameworkInstall& inst, const std::vector<WantedLib>& wanted);

// Lists SASS/PTX archs of each existing file among `paths`.
void scan_gpu_code(FrameworkScan& s, facts::FrameworkInstall& inst, const std::vector<std::string>& paths);

// Where XLA would find ptxas and libdevice (nvidia-cuda-nvcc wheel, XLA_FLAGS, PATH,
// /usr/local/cuda): research/tf-compat.md 5b item 3.
void find_xla_tools(FrameworkScan& s, facts::FrameworkInstall& inst);

// The TF DsoLoader sonames for a CUDA build version (kb/tf_dso_sonames.tsv).
std::vector<WantedLib> dso_sonames_for_cuda(const kb::Kb& kb, const std::string& cuda_version);

const facts::PythonDist* find_dist(const facts::PythonEnv& env, std::string_view name);

// "libcudnn.so.8" -> "libcudnn.so."
std::string soname_stem(std::string_view soname);

}  // namespace gpudoctor::probe
