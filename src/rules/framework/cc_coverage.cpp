#include "rules/framework/cc_coverage.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace gpudoctor::rules {
namespace {

int cc_to_arch(const std::string& cc) {
  auto parts = util::split(cc, '.');
  auto major = util::parse_int(parts[0]);
  auto minor = parts.size() > 1 ? util::parse_int(parts[1]) : std::optional<long long>(0);
  if (!major || !minor) return 0;
  return static_cast<int>(*major * 10 + *minor);
}

CcMatch judge(const std::vector<int>& sass, const std::vector<int>& specific, const std::vector<int>& ptx, int arch,
              std::string source) {
  CcMatch m;
  m.source = std::move(source);
  for (int s : sass) {
    bool exact_only = std::find(specific.begin(), specific.end(), s) != specific.end();
    if (exact_only ? s == arch : (s / 10 == arch / 10 && s <= arch)) {
      m.coverage = CcCoverage::sass;
      return m;
    }
  }
  for (int p : ptx)
    if (p <= arch) m.ptx_arch = std::max(m.ptx_arch, p);
  m.coverage = m.ptx_arch ? CcCoverage::ptx_only : CcCoverage::none;
  return m;
}

}  // namespace

CcMatch match_compute_capability(const facts::FrameworkInstall& inst, const std::string& cc) {
  int arch = cc_to_arch(cc);
  if (!arch) return {};
  std::vector<int> sass, specific, ptx;
  std::vector<std::string> paths;
  for (const auto& g : inst.gpu_code) {
    if (!g.error.empty()) continue;
    sass.insert(sass.end(), g.sass.begin(), g.sass.end());
    specific.insert(specific.end(), g.sass_arch_specific.begin(), g.sass_arch_specific.end());
    ptx.insert(ptx.end(), g.ptx.begin(), g.ptx.end());
    paths.push_back(g.path);
  }
  if (!sass.empty() || !ptx.empty()) return judge(sass, specific, ptx, arch, "fatbin of " + util::join(paths, ", "));
  for (const auto& c : inst.compute_capabilities) {
    bool is_sass = util::starts_with(c, "sm_");
    bool is_ptx = util::starts_with(c, "compute_");
    auto n = util::parse_int(c.substr(c.find('_') + 1));
    if (!n) continue;
    (is_sass ? sass : ptx).push_back(static_cast<int>(*n));
    (void)is_ptx;
  }
  if (sass.empty() && ptx.empty()) return {};
  return judge(sass, specific, ptx, arch, inst.build_source);
}

}  // namespace gpudoctor::rules
