#pragma once
// Options shared by every subcommand, and the documented exit codes.
#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace gpudoctor::cli {

inline constexpr int kExitUsable = 0;    // the GPU is usable (no error finding, nothing deciding unknown)
inline constexpr int kExitNotUsable = 1; // a finding of severity error
// Bad arguments, an unreadable or incomplete input, and a verdict of "unknown": the
// input did not let gpudoctor judge (a script must neither go ahead nor act on a fault).
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;  // the tool failed: a bug, or its output could not be written

enum class Format { text, json, markdown, prometheus, npd };

struct GlobalOptions {
  std::string root = "/";      // read every probed file under this prefix (fixtures)
  std::string kb_dir;          // --kb DIR overrides the embedded knowledge base
  std::string facts_file;      // --facts FILE: diagnose collected facts instead of probing
  Format format = Format::text;
  bool no_color = false;
  bool verbose = false;
  bool no_live = false;        // skip the driver/NVML child
  double timeout_s = 20;       // live child timeout
  std::string framework;       // --framework tensorflow|torch|jax narrows the report
  std::vector<std::string> env_dirs;  // --env DIR (repeatable): Python environments to probe
  std::vector<std::string> pythons;   // --python PATH (repeatable): interpreters whose env to probe
  bool deep = false;           // --deep: run each framework's own GPU check in its Python
  double deep_timeout_s = 60;  // per install
  std::string prom_textfile_dir;  // --prom-textfile DIR: also write DIR/gpudoctor.prom (node_outputs.cpp)
  std::string nfd_features_dir;   // --nfd-features DIR: also write DIR/gpudoctor for NFD
  double nfd_expiry_s = 900;      // --nfd-expiry: the NFD labels' lifetime
  std::string redact;          // --redact secrets|identity; "" = the format's default (cli/presentation.hpp)
  bool no_redact = false;      // --no-redact: show everything, with a warning on stderr
  bool ascii = false;          // --ascii: ASCII only, whatever the locale says
};

// A usage problem: printed as "gpudoctor: error: ..." with exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A path given on the command line, made absolute from the working directory ("-" and
// "" stay as they are). Probes read through a RootFs, which would read "facts.json" as
// "/facts.json".
std::string absolute_from_cwd(const std::string& path);

// After parsing, before any command runs: paths absolute, --root an existing non-empty
// directory, --env/--python naming something that exists under it. Throws UsageError.
void prepare_global_options(GlobalOptions& g);

// CLI::Range lets NaN through (every comparison with NaN is false): a number that must be
// finite and within [min, max].
CLI::Validator finite_range(double min, double max);

}  // namespace gpudoctor::cli
