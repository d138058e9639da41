#include <pwd.h>

#include "probe/probes.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {

// Only the variables on the allow-list (kb/env_vars.tsv) are kept: they change whether or
// how a framework sees the GPU. Everything else in the environment stays out of the facts,
// so it cannot reach any report. Values are kept as they are, secrets included: rules judge
// real values, and rendering redacts (render/redact.hpp).
void probe_env(ProbeContext& ctx, facts::EnvFacts& out, const kb::EnvVarList& allow) {
  for (const auto& [k, v] : ctx.env)
    if (allow.shown(k)) out.vars[k] = v;
  const std::string llp = ctx.getenv("LD_LIBRARY_PATH");
  for (auto dir : util::split(llp, ':'))
    if (!dir.empty() && !ctx.fs.is_dir(dir)) out.ld_library_path_missing.emplace_back(dir);
  out.uid = ctx.creds.uid;
  if (const passwd* pw = ::getpwuid(ctx.creds.uid)) out.user = pw->pw_name;
}

}  // namespace gpudoctor::probe
