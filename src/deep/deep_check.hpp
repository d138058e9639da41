#pragma once
// `gpudoctor --deep`: for each framework install, its own minimal GPU check (list the
// GPUs, a small matmul pinned to the first one, where it ran) in a subprocess of the
// install's Python, with a timeout. The outcome becomes facts (facts::DeepCheck); the
// rules in src/rules/framework/ judge them. The only place gpudoctor runs Python.
#include <cstdio>
#include <map>
#include <string>
#include <string_view>

#include "facts/framework_facts.hpp"
#include "util/subprocess.hpp"

namespace gpudoctor::deep {

struct DeepOptions {
  double timeout_s = 60;                    // per install
  std::string framework;                    // only installs of this framework ("" = all)
  std::map<std::string, std::string> env;   // the child's environment (this process's, as the user has it)
  std::FILE* progress = nullptr;            // a TTY to show "[1/3] TensorFlow 2.15.1 ..." on, or none
};

// The check script for "tensorflow", "torch" or "jax": the shared prelude
// (src/deep/scripts/_prelude.py) then the framework's own part, both embedded; "" for
// another framework.
std::string check_script(std::string_view framework);

// The interpreter of the install's environment: the env's own python (bin/python3,
// bin/python), else the one the environment was found through, else python<X.Y> on
// PATH. "" when none is executable.
std::string python_for(const facts::FrameworkFacts& fw, const facts::FrameworkInstall& inst,
                       const std::map<std::string, std::string>& env);

// Reads what the check printed (its last JSON line on stdout), how the subprocess ended
// and its stderr into `c`. Pure: tested on strings.
void read_outcome(facts::DeepCheck& c, const util::RunResult& r);

// Runs one install's check with `python`.
facts::DeepCheck run_check(const facts::FrameworkInstall& inst, const std::string& python, const DeepOptions& opt);

// Runs the check of every install (one after another: importing two frameworks at once
// only slows both) and stores the outcomes in fw.deep.
void run_deep_checks(facts::FrameworkFacts& fw, const DeepOptions& opt);

}  // namespace gpudoctor::deep
