#pragma once
// Options shared by every subcommand, and the documented exit codes.
#include <stdexcept>
#include <string>
#include <vector>

namespace gpudoctor::cli {

inline constexpr int kExitUsable = 0;    // the GPU is usable (no error finding)
inline constexpr int kExitNotUsable = 1; // a finding of severity error
inline constexpr int kExitUsage = 2;     // bad arguments, unreadable input file
inline constexpr int kExitInternal = 3;  // a bug: an unexpected exception

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

}  // namespace gpudoctor::cli
