#include "rules/framework/verdict.hpp"

#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

std::vector<FrameworkVerdict> framework_verdicts(const facts::Facts& f, const std::vector<findings::Finding>& findings,
                                                 std::string_view framework) {
  // A machine-wide error (no GPU, no driver, ...) stops every install.
  const findings::Finding* machine = nullptr;
  for (const auto& x : findings)
    if (x.area != "frameworks" && x.severity == findings::Severity::error && x.explained_by.empty()) {
      machine = &x;
      break;
    }
  std::vector<FrameworkVerdict> out;
  for (const auto& inst : f.frameworks.installs) {
    if (!framework.empty() && inst.framework != framework) continue;
    FrameworkVerdict v;
    v.subject = install_subject(inst);
    v.framework = inst.framework;
    v.title = install_title(inst);
    const findings::Finding* root = nullptr;
    for (const auto& x : findings) {
      if (x.subject != v.subject) continue;
      // findings are sorted by fold(): roots first, errors before warnings.
      if (!root) root = &x;
      else v.other_codes.push_back(x.code);
    }
    if (root && root->severity == findings::Severity::info) root = nullptr;
    auto set_root = [&](const findings::Finding& x, bool strip_title) {
      v.code = x.code;
      v.reason = x.message;
      std::string prefix = v.title + ": ";
      if (strip_title && util::starts_with(v.reason, prefix)) v.reason = v.reason.substr(prefix.size());
      v.fix = x.fix;
    };
    if (root && root->severity == findings::Severity::error) {
      v.status = FrameworkVerdict::Status::no_gpu;
      set_root(*root, true);
    } else if (machine) {
      v.status = FrameworkVerdict::Status::no_gpu;
      set_root(*machine, false);
      if (root) v.other_codes.insert(v.other_codes.begin(), root->code);
    } else if (root) {
      v.status = FrameworkVerdict::Status::degraded;
      set_root(*root, true);
    }
    for (const auto& l : inst.libraries)
      if (!l.path.empty())
        v.loads.push_back(l.soname + " <- " + l.path + (l.version.empty() ? "" : " (" + l.version + ")"));
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace gpudoctor::rules
