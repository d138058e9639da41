#pragma once
// A rule is a pure function of facts (+ KB) that appends findings. Each rule owns
// exactly one finding code; its metadata lives in the registry beside it.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "facts/facts.hpp"
#include "findings/finding.hpp"
#include "kb/kb.hpp"

namespace gpudoctor::rules {

struct RuleInfo {
  std::string_view code;     // "K203"
  std::string_view slug;     // "nouveau_bound"
  std::string_view cause;    // from shared/CAUSES.md
  std::string_view area;     // "hardware", "driver", "libraries", "toolkit", "environment", "platform", ...
  findings::Severity severity;
  std::string_view summary;  // one sentence, reused in the docs page
};

struct Context {
  const facts::Facts& facts;
  const kb::Kb& kb;
};

using RuleFn = void (*)(const Context&, const RuleInfo&, std::vector<findings::Finding>&);

struct Rule {
  RuleInfo info;
  RuleFn fn;  // nullptr for codes emitted elsewhere (explain, live)
};

// A finding pre-filled from the rule's metadata.
findings::Finding make_finding(const RuleInfo& info, std::string message);

}  // namespace gpudoctor::rules
