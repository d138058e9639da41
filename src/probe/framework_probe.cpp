// The framework probe: every Python environment, and in each the TensorFlow, PyTorch
// and JAX installs with what they were built for and what they would load.
#include <chrono>

#include "probe/framework_installs.hpp"
#include "probe/probes.hpp"
#include "probe/python_env.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {

facts::FrameworkInstall base_install(const FrameworkScan& s, std::string framework, const facts::PythonDist& d) {
  facts::FrameworkInstall inst;
  inst.framework = std::move(framework);
  inst.distribution = d.name;
  inst.version = d.version;
  inst.env_prefix = s.env.prefix;
  inst.env_kind = s.env.kind;
  inst.python_version = s.env.python_version;
  inst.site_packages = path_dirname(d.path);
  inst.python_tag = d.python_tag;
  inst.platform = s.env.platform;
  return inst;
}

// The environments named with --env DIR and --python PATH.
static std::vector<EnvRequest> explicit_requests(const ProbeContext& ctx) {
  std::vector<EnvRequest> out;
  for (const auto& p : ctx.env_dirs)
    if (!p.empty()) out.push_back({p, "", "--env"});
  for (const auto& p : ctx.pythons)
    if (!p.empty()) out.push_back({p, "", "--python"});
  return out;
}

// WSL2: the host probe's verdict, else the kernel's own words in /proc/version.
static bool on_wsl(const ProbeContext& ctx, const facts::Facts& so_far) {
  if (so_far.host.is_wsl) return true;
  auto v = ctx.fs.read("/proc/version", 4096);
  if (!v) return false;
  std::string l = util::to_lower(*v);
  return util::contains(l, "microsoft") || util::contains(l, "wsl");
}

void probe_frameworks(ProbeContext& ctx, const facts::Facts& so_far, const kb::Kb& kb, facts::FrameworkFacts& out) {
  auto t0 = std::chrono::steady_clock::now();
  out.environments = discover_python_envs(ctx, explicit_requests(ctx), on_wsl(ctx, so_far));
  SonameResolver resolver(ctx, so_far);
  for (const auto& env : out.environments) {
    FrameworkScan s{ctx, so_far, kb, resolver, env};
    for (auto* build : {tensorflow_install, torch_install, jax_install})
      if (auto inst = build(s)) out.installs.push_back(std::move(*inst));
  }
  out.scan_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace gpudoctor::probe
