// TF_CPP_MIN_LOG_LEVEL hides the messages in which TensorFlow says why it skips the GPU.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_tf_log_level_hides_errors) {
  auto value = env(ctx.facts, "TF_CPP_MIN_LOG_LEVEL");
  if (!value) return;
  auto level = util::parse_int(*value);
  if (!level || *level < 2) return;
  auto x = make_finding(info, fmt::format("TF_CPP_MIN_LOG_LEVEL={} hides TensorFlow's {}", *level,
                                          *level >= 3 ? "warnings and errors" : "warnings"));
  x.evidence.push_back({"TF_CPP_MIN_LOG_LEVEL", *value});
  x.explanation = "TensorFlow reports a GPU it cannot use as warnings ('Could not load dynamic library ...', "
                  "'Cannot dlopen some GPU libraries. ... Skipping registering GPU devices...'). Level 2 drops warnings, "
                  "level 3 errors too, so the GPU silently disappears.";
  x.fix = {"unset TF_CPP_MIN_LOG_LEVEL while diagnosing (or set it to 0), run again, and pipe the log to: gpudoctor explain"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
