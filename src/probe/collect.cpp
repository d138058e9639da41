#include "probe/collect.hpp"

#include <ctime>

#include "probe/probes.hpp"

namespace gpudoctor::probe {

static std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

facts::Facts collect(ProbeContext& ctx, const kb::Kb& kb) {
  facts::Facts f;
  f.gpudoctor_version = GPUDOCTOR_VERSION;
  f.collected_at = utc_now();
  f.root = ctx.fs.root().empty() ? "/" : ctx.fs.root();
  probe_env(ctx, f.env, kb::EnvVarList::load(kb));
  probe_host(ctx, f.host);
  probe_pci(ctx, kb, f.pci);
  probe_kernel_driver(ctx, f.driver);
  probe_loader(ctx, f.loader);
  probe_libraries(ctx, f.loader, f.libraries);
  probe_toolkit(ctx, f.toolkit);
  probe_frameworks(ctx, f, kb, f.frameworks);
  f.problems = std::move(ctx.problems);
  ctx.problems.clear();
  return f;
}

}  // namespace gpudoctor::probe
