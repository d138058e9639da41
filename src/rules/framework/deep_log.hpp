#pragma once
// What the framework's own log (captured by --deep) says, read with the message
// knowledge base of `gpudoctor explain`: the root finding among its lines.
#include <optional>
#include <string>
#include <vector>

#include "facts/framework_facts.hpp"
#include "kb/kb.hpp"

namespace gpudoctor::rules {

struct LogCause {
  std::string code;     // the explain code: "X801"
  std::string cause;    // its root-cause slug: "cuda_libs_missing"
  std::string message;  // "TensorFlow could not load the CUDA runtime (libcudart); ..."
  std::string quote;    // the log line, without its glog prefix
  std::vector<std::string> fix;
};

// The first root cause (error or warning) the check's log and error text show; nullopt
// when they show none, or the message knowledge base cannot be read.
std::optional<LogCause> explain_deep_log(const kb::Kb& kb, const facts::DeepCheck& c);

// "TensorFlow printed '<line>' → <message> [X801]", or "" without a cause.
std::string describe_log_cause(const facts::DeepCheck& c, const std::optional<LogCause>& lc);

}  // namespace gpudoctor::rules
