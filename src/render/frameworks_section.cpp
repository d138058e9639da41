#include "render/frameworks_section.hpp"

#include <fmt/format.h>

#include "rules/framework/verdict.hpp"

namespace gpudoctor::render {

std::string render_frameworks_section(const Report& r, const TextOptions& opt, std::string_view framework) {
  auto verdicts = rules::framework_verdicts(r.facts, r.findings, framework);
  if (verdicts.empty()) return "";
  auto paint = [&](std::string_view code, std::string_view s) {
    return opt.color ? fmt::format("\033[{}m{}\033[0m", code, s) : std::string(s);
  };
  std::string out = paint("1", "Frameworks") + "\n";
  using S = rules::FrameworkVerdict::Status;
  for (const auto& v : verdicts) {
    std::string mark = v.status == S::no_gpu     ? paint("31;1", opt.unicode ? "✗" : "[x]")
                       : v.status == S::degraded ? paint("33;1", opt.unicode ? "!" : "[!]")
                                                 : paint("32", opt.unicode ? "✓" : "[ok]");
    std::string what = v.status == S::no_gpu     ? "will not use the GPU, because " + v.reason
                       : v.status == S::degraded ? "can use the GPU, but " + v.reason
                                                 : "can use the GPU";
    out += fmt::format("  {} {}: {}{}\n", mark, v.title, what, v.code.empty() ? "" : " [" + v.code + "]");
    for (size_t i = 0; i < v.fix.size() && v.status != S::uses_gpu; ++i)
      out += fmt::format("      {} {}\n", i == 0 ? paint("32", "fix:") : "    ", v.fix[i]);
    if (opt.verbose || v.status == S::uses_gpu)
      for (const auto& l : v.loads) out += fmt::format("      loads {}\n", l);
  }
  return out;
}

}  // namespace gpudoctor::render
