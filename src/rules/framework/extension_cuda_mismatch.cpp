// A compiled extension beside PyTorch links a CUDA library major other than PyTorch's own.
#include <fmt/format.h>

#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {
namespace {

// "libcudart.so.11.0" -> "libcudart"; "" for names that are not "<stem>.so.<n>".
std::string stem_of(std::string_view soname) {
  auto at = soname.find(".so.");
  return at == std::string_view::npos ? "" : std::string(soname.substr(0, at));
}

}  // namespace

GD_FW_RULE(check_extension_cuda_mismatch) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.framework != "torch" || inst.extensions.empty()) continue;
    for (const auto& ext : inst.extensions) {
      // Each CUDA library the extension names whose stem torch also loads, in another major.
      std::vector<std::pair<std::string, std::string>> clashes;  // (extension's, torch's)
      for (const auto& need : ext.cuda_needed) {
        std::string stem = stem_of(need);
        if (stem.empty()) continue;
        for (const auto& l : inst.libraries)
          if (stem_of(l.soname) == stem && l.soname != need) clashes.emplace_back(need, l.soname);
      }
      if (clashes.empty()) continue;
      std::string name = ext.path.substr(ext.path.rfind('/') + 1);
      auto x = install_finding(info, inst, fmt::format("the extension {} was built against {}, PyTorch loads {}", name,
                                                       clashes.front().first, clashes.front().second));
      x.subject = install_subject(inst);
      x.evidence.push_back({ext.path, "DT_NEEDED " + util::join(ext.cuda_needed, ", ")});
      for (const auto& [theirs, ours] : clashes) x.evidence.push_back({theirs, "PyTorch: " + ours});
      x.explanation = "A compiled extension (mmcv, apex, flash-attn, xformers, a custom op) is built for one CUDA "
                      "release and one PyTorch. Linked against another CUDA major than the PyTorch beside it, it fails "
                      "to import (\"libcudart.so.11.0: cannot open shared object file\") or loads a second runtime "
                      "next to PyTorch's, and its kernels fail or the job falls back to slower paths.";
      x.fix = {fmt::format("reinstall the extension built for this PyTorch and CUDA {} (pick the wheel tag that "
                           "matches, or rebuild it: pip install --no-build-isolation --force-reinstall <package>)",
                           inst.cuda_version.empty() ? "release" : inst.cuda_version)};
      out.push_back(std::move(x));
    }
  }
}

}  // namespace gpudoctor::rules
