#pragma once
// One verdict per framework install ("TensorFlow 2.15.1 in ~/venvs/a (Python 3.11):
// will not use the GPU, because ..."), derived from the findings whose subject is the
// install plus the machine-wide errors that stop every framework.
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "findings/finding.hpp"

namespace gpudoctor::rules {

struct FrameworkVerdict {
  std::string subject;        // "tensorflow 2.15.1 in /root/venvs/a" (= Finding::subject)
  std::string framework;      // "tensorflow"
  std::string title;          // "TensorFlow 2.15.1 in /root/venvs/a (Python 3.11)"
  // unknown: what decides it could not be read (its build info, the libraries it links);
  // never shown as able to use the GPU.
  enum class Status { uses_gpu, degraded, no_gpu, unknown } status = Status::uses_gpu;
  std::string reason;         // the root finding's message without the title, "" when fine;
                              // for unknown, what could not be read
  std::string code;           // its code
  std::vector<std::string> fix;
  std::vector<std::string> other_codes;  // further findings about the install
  std::vector<std::string> loads;        // "libcudnn.so.9 <- /…/nvidia/cudnn/lib/libcudnn.so.9 (9.28.0.42)"
  std::string live;  // --deep: "imported in 3.2 s, 0 GPUs, matmul ran on cpu:0", "" when not run
};

std::string_view to_string(FrameworkVerdict::Status s);  // "uses_gpu", "degraded", "no_gpu", "unknown"

// `framework` narrows to one framework ("tensorflow", "torch", "jax"; "" = all).
std::vector<FrameworkVerdict> framework_verdicts(const facts::Facts& f, const std::vector<findings::Finding>& findings,
                                                 std::string_view framework = "");

// The verdict on the whole report. not_usable: a finding of severity error. unknown: no
// error, but a fact that decides usability is missing (see machine_verdict). usable: neither.
struct MachineVerdict {
  enum class Status { usable, not_usable, unknown } status = Status::usable;
  std::vector<std::string> unknown;  // why, one line each, when status is unknown
};

std::string_view to_string(MachineVerdict::Status s);  // "usable", "not_usable", "unknown"

// Why the facts cannot say "usable" although no rule found an error: the PCI bus could
// not be read and nothing live saw a GPU; `framework` (--framework) names a framework
// with no install found; a framework install is unknown. Errors win over unknown: a
// finding of severity error is a fault whatever else is missing. (A facts file lacking
// whole sections never gets this far: the CLI rejects it as an input error.)
MachineVerdict machine_verdict(const facts::Facts& f, const std::vector<findings::Finding>& findings,
                               const std::vector<FrameworkVerdict>& frameworks, std::string_view framework);

// --framework: drops the findings about installs of other frameworks (machine-wide
// findings stay) and folds the rest again.
std::vector<findings::Finding> narrow_to_framework(const facts::Facts& f, std::vector<findings::Finding> findings,
                                                   std::string_view framework);

}  // namespace gpudoctor::rules
