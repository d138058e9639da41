// Two different builds of one CUDA library are on the loader path; the first shadows the other.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_library_shadowed) {
  for (const auto& lib : ctx.facts.libraries) {
    if (lib.id == "libcuda" || lib.id == "nvml") continue;  // driver libraries: K208 / L302
    const auto* win = selected(&lib);
    if (!win || win->version.empty()) continue;
    for (const auto& c : lib.candidates) {
      if (&c == win || !c.on_loader_path || c.is_stub || c.version.empty() || c.version == win->version) continue;
      if (c.soname != win->soname || (!c.real_path.empty() && c.real_path == win->real_path)) continue;
      auto x = make_finding(info, fmt::format("{} {} ({}) shadows {} {} ({})", c.soname, win->version, win->found_via,
                                              c.soname, c.version, c.found_via));
      x.subject = lib.id;
      x.evidence.push_back({win->path, win->version + ", loaded"});
      x.evidence.push_back({c.path, c.version + ", shadowed"});
      x.explanation = "With one soname in two places, every program gets the first one the loader finds; a framework "
                      "built against the other one may fail with symbol or version errors, or silently lose features.";
      x.fix = {"keep one installation on the loader path: remove the other directory from LD_LIBRARY_PATH or /etc/ld.so.conf.d, then sudo ldconfig"};
      out.push_back(std::move(x));
      break;
    }
  }
}

}  // namespace gpudoctor::rules
