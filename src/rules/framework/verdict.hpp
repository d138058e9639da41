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
  enum class Status { uses_gpu, degraded, no_gpu } status = Status::uses_gpu;
  std::string reason;         // the root finding's message without the title, "" when fine
  std::string code;           // its code
  std::vector<std::string> fix;
  std::vector<std::string> other_codes;  // further findings about the install
  std::vector<std::string> loads;        // "libcudnn.so.9 <- /…/nvidia/cudnn/lib/libcudnn.so.9 (9.28.0.42)"
  std::string live;  // --deep: "imported in 3.2 s, 0 GPUs, matmul ran on cpu:0", "" when not run
};

std::string_view to_string(FrameworkVerdict::Status s);  // "uses_gpu", "degraded", "no_gpu"

// `framework` narrows to one framework ("tensorflow", "torch", "jax"; "" = all).
std::vector<FrameworkVerdict> framework_verdicts(const facts::Facts& f, const std::vector<findings::Finding>& findings,
                                                 std::string_view framework = "");

// --framework: drops the findings about installs of other frameworks (machine-wide
// findings stay) and folds the rest again.
std::vector<findings::Finding> narrow_to_framework(const facts::Facts& f, std::vector<findings::Finding> findings,
                                                   std::string_view framework);

}  // namespace gpudoctor::rules
