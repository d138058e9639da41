#include "rules/framework/verdict.hpp"

#include <algorithm>

#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

std::string_view to_string(FrameworkVerdict::Status s) {
  switch (s) {
    case FrameworkVerdict::Status::uses_gpu: return "uses_gpu";
    case FrameworkVerdict::Status::degraded: return "degraded";
    case FrameworkVerdict::Status::no_gpu: return "no_gpu";
    case FrameworkVerdict::Status::unknown: return "unknown";
  }
  return "unknown";
}

std::string_view to_string(MachineVerdict::Status s) {
  switch (s) {
    case MachineVerdict::Status::usable: return "usable";
    case MachineVerdict::Status::not_usable: return "not_usable";
    case MachineVerdict::Status::unknown: return "unknown";
  }
  return "unknown";
}

std::vector<findings::Finding> narrow_to_framework(const facts::Facts& f, std::vector<findings::Finding> findings,
                                                   std::string_view framework) {
  if (framework.empty()) return findings;
  std::vector<std::string> other;  // subjects of installs of other frameworks
  for (const auto& inst : f.frameworks.installs)
    if (inst.framework != framework) other.push_back(install_subject(inst));
  std::erase_if(findings, [&](const findings::Finding& x) {
    return !x.subject.empty() && std::find(other.begin(), other.end(), x.subject) != other.end();
  });
  findings::fold(findings);
  return findings;
}

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
    // A machine-wide error comes first: no install uses a GPU the machine cannot. The
    // install's own problems stay listed, to fix next.
    if (machine) {
      v.status = FrameworkVerdict::Status::no_gpu;
      set_root(*machine, false);
      if (root) v.other_codes.insert(v.other_codes.begin(), root->code);
    } else if (root && root->severity == findings::Severity::error) {
      v.status = FrameworkVerdict::Status::no_gpu;
      set_root(*root, true);
    } else if (inst.build == "unknown" || !inst.problems.empty()) {
      // What the rules would judge (the build, the libraries it loads) could not be read:
      // no finding is not the same as fine. A warning stays listed among the others.
      v.status = FrameworkVerdict::Status::unknown;
      v.reason = "could not be judged: " + util::join(inst.problems, "; ");
      if (inst.problems.empty()) v.reason = "could not be judged: its build could not be determined";
      if (root) v.other_codes.insert(v.other_codes.begin(), root->code);
    } else if (root) {
      v.status = FrameworkVerdict::Status::degraded;
      set_root(*root, true);
    }
    if (const auto* c = deep_check_of(f, inst)) {
      // The --deep finding's message carries the explained log ("... → libcudart missing").
      v.live = deep_summary(*c);
      for (const auto& x : findings)
        if (x.subject == v.subject && x.code >= "F720" && x.code <= "F729" && x.code != "F721") {
          auto p = x.message.find("--deep: ");
          if (p != std::string::npos) v.live = x.message.substr(p + 8);
          break;
        }
      // What the framework did live outweighs the static prediction (F721 says so).
      if (deep_used_gpu(*c) && v.status == FrameworkVerdict::Status::unknown) {
        // The framework itself used the GPU: that decides what the files could not.
        v.status = FrameworkVerdict::Status::uses_gpu;
        v.reason.clear();
      }
      if (deep_used_gpu(*c) && v.status == FrameworkVerdict::Status::no_gpu) {
        v.status = FrameworkVerdict::Status::degraded;
        v.reason = "the live check used the GPU, although the static checks said it would not (" + v.code + ": " +
                   v.reason + ")";
        if (!v.code.empty()) v.other_codes.insert(v.other_codes.begin(), v.code);
        v.code = "F721";
        std::erase(v.other_codes, v.code);
        v.fix.clear();
      }
    }
    for (const auto& l : inst.libraries)
      if (!l.path.empty())
        v.loads.push_back(l.soname + " <- " + l.path + (l.version.empty() ? "" : " (" + l.version + ")"));
    out.push_back(std::move(v));
  }
  return out;
}

MachineVerdict machine_verdict(const facts::Facts& f, const std::vector<findings::Finding>& findings,
                               const std::vector<FrameworkVerdict>& frameworks, std::string_view framework) {
  MachineVerdict m;
  if (!findings::gpu_usable(findings)) {
    m.status = MachineVerdict::Status::not_usable;
    return m;
  }
  // H101 ("no NVIDIA GPU") needs a readable PCI bus; without one, and with nothing live
  // that saw a GPU, no rule has anything to judge and silence would read as "usable".
  bool live_saw_gpu = f.live.cuda.device_count > 0 || f.live.nvml.device_count > 0;
  if (!f.pci.sysfs_readable && f.pci.gpus.empty() && !live_saw_gpu) {
    std::string why;
    for (const auto& p : f.problems)
      if (p.probe == "pci") {
        why = " (" + p.path + ": " + p.error + ")";
        break;
      }
    m.unknown.push_back("the PCI bus could not be read" + why + ", so whether this machine has an NVIDIA GPU is unknown");
  }
  if (!framework.empty() && frameworks.empty()) {
    size_t envs = f.frameworks.environments.size();
    m.unknown.push_back("no " + std::string(framework) + " install was found in the " + std::to_string(envs) +
                        " Python environment" + (envs == 1 ? "" : "s") + " searched (name one with --env DIR)");
  }
  for (const auto& v : frameworks)
    if (v.status == FrameworkVerdict::Status::unknown) m.unknown.push_back(v.title + ": " + v.reason);
  if (!m.unknown.empty()) m.status = MachineVerdict::Status::unknown;
  return m;
}

}  // namespace gpudoctor::rules
