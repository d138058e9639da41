#include "render/frameworks_section.hpp"

#include <fmt/format.h>

namespace gpudoctor::render {

using S = rules::FrameworkVerdict::Status;

std::string render_frameworks_section(const Report& r, const TextOptions& opt) {
  if (r.frameworks.empty()) return "";
  auto paint = [&](std::string_view code, std::string_view s) {
    return opt.color ? fmt::format("\033[{}m{}\033[0m", code, s) : std::string(s);
  };
  std::string out = paint("1", "Frameworks") + "\n";
  for (const auto& v : r.frameworks) {
    std::string mark = v.status == S::no_gpu     ? paint("31;1", opt.unicode ? "✗" : "[x]")
                       : v.status == S::degraded ? paint("33;1", opt.unicode ? "!" : "[!]")
                       : v.status == S::unknown  ? paint("33;1", "?")
                                                 : paint("32", opt.unicode ? "✓" : "[ok]");
    std::string what = v.status == S::no_gpu     ? "will not use the GPU, because " + v.reason
                       : v.status == S::degraded ? "can use the GPU, but " + v.reason
                       : v.status == S::unknown  ? "unknown whether it can use the GPU: " + v.reason
                                                 : "can use the GPU";
    out += fmt::format("  {} {}: {}{}\n", mark, v.title, what, v.code.empty() ? "" : " [" + v.code + "]");
    if (!v.live.empty()) out += fmt::format("      {} {}\n", paint("1", "--deep:"), v.live);
    for (size_t i = 0; i < v.fix.size() && v.status != S::uses_gpu; ++i)
      out += fmt::format("      {} {}\n", i == 0 ? paint("32", "fix:") : "    ", v.fix[i]);
    if (opt.verbose || v.status == S::uses_gpu)
      for (const auto& l : v.loads) out += fmt::format("      loads {}\n", l);
  }
  return out;
}

nlohmann::ordered_json frameworks_json(const Report& r) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& v : r.frameworks) {
    nlohmann::ordered_json j;
    j["subject"] = v.subject;
    j["framework"] = v.framework;
    j["title"] = v.title;
    j["status"] = std::string(rules::to_string(v.status));
    j["reason"] = v.reason;
    j["code"] = v.code;
    j["fix"] = v.fix;
    j["other_codes"] = v.other_codes;
    j["loads"] = v.loads;
    j["live"] = v.live;
    arr.push_back(std::move(j));
  }
  return arr;
}

std::string frameworks_markdown(const Report& r) {
  if (r.frameworks.empty()) return "";
  std::string out = "### Frameworks\n\n";
  for (const auto& v : r.frameworks) {
    std::string what = v.status == S::no_gpu     ? "will not use the GPU, because " + v.reason
                       : v.status == S::degraded ? "can use the GPU, but " + v.reason
                       : v.status == S::unknown  ? "unknown whether it can use the GPU: " + v.reason
                                                 : "can use the GPU";
    out += fmt::format("- **{}** ({}): {}{}\n", v.title, rules::to_string(v.status), what,
                       v.code.empty() ? "" : " `" + v.code + "`");
    if (!v.live.empty()) out += fmt::format("  - `--deep`: {}\n", v.live);
    for (const auto& x : v.fix)
      if (v.status != S::uses_gpu) out += fmt::format("  - fix: `{}`\n", x);
    for (const auto& l : v.loads) out += fmt::format("  - loads `{}`\n", l);
  }
  return out + "\n";
}

}  // namespace gpudoctor::render
