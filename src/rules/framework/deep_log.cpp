#include "rules/framework/deep_log.hpp"

#include <cctype>

#include "explain/explain.hpp"
#include "explain/message_kb.hpp"
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {
namespace {

// "2026-11-27 15:03:33.811871: I external/.../cudart_stub.cc:31] Could not ..." and
// "E0000 00:00:1700000000.000000  123 cuda_dnn.cc:535] ..." (glog/absl prefixes):
// the message starts after "] ".
std::string strip_log_prefix(const std::string& line) {
  auto p = line.find("] ");
  if (p != std::string::npos && p < 160 && !line.empty() &&
      (std::isdigit(static_cast<unsigned char>(line[0])) || std::string_view("IWEF").find(line[0]) != std::string_view::npos))
    return line.substr(p + 2);
  return line;
}

}  // namespace

std::optional<LogCause> explain_deep_log(const kb::Kb& kb, const facts::DeepCheck& c) {
  if (c.log.empty() && c.error.empty()) return std::nullopt;
  std::optional<explain::MessageKb> mkb;
  try {
    mkb = explain::MessageKb::load(kb);
  } catch (const std::exception&) {
    return std::nullopt;  // a broken --kb override: the static findings still stand
  }
  // The exception text last: it repeats what the log said first, in fewer words.
  auto r = explain::explain_text(c.log + "\n" + c.error + "\n", *mkb);
  for (const auto& f : r.findings) {
    if (!f.explained_by.empty() || f.severity == findings::Severity::info) continue;
    LogCause lc;
    lc.code = f.code;
    lc.cause = f.cause;
    lc.message = f.message;
    lc.fix = f.fix;
    if (const auto* lines = r.lines_of(f); lines && !lines->lines.empty())
      lc.quote = strip_log_prefix(lines->lines.front().text);
    return lc;
  }
  return std::nullopt;
}

std::string describe_log_cause(const facts::DeepCheck& c, const std::optional<LogCause>& lc) {
  if (!lc) return "";
  std::string s;
  if (!lc->quote.empty()) s = framework_display(c.framework) + " printed '" + lc->quote + "' → ";
  return s + lc->message + " [" + lc->code + "]";
}

}  // namespace gpudoctor::rules
