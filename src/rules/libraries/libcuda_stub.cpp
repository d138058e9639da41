// The toolkit's stub libcuda would be loaded instead of the driver's.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_libcuda_stub) {
  const auto& f = ctx.facts;
  const auto* lib = f.library("libcuda");
  if (!lib) return;
  const auto* sel = selected(lib);
  // A stubs dir on LD_LIBRARY_PATH also serves programs that dlopen("libcuda.so").
  const facts::LibraryCandidate* via_env = nullptr;
  for (const auto& c : lib->candidates)
    if (c.is_stub && c.found_via == "LD_LIBRARY_PATH") via_env = &c;
  if (!(sel && sel->is_stub) && !via_env) return;
  const auto& stub = (sel && sel->is_stub) ? *sel : *via_env;
  auto x = make_finding(info, fmt::format("the stub libcuda {} is on the loader path", stub.path));
  if (!(sel && sel->is_stub) && sel) x.severity = findings::Severity::warning;  // the real one still wins for .so.1
  x.evidence.push_back({stub.path, "stub (" + stub.found_via + ")"});
  if (auto llp = env(f, "LD_LIBRARY_PATH")) x.evidence.push_back({"LD_LIBRARY_PATH", *llp});
  if (sel && !sel->is_stub) x.evidence.push_back({sel->path, "the driver's libcuda.so.1, still picked first"});
  x.explanation = "The CUDA toolkit ships lib64/stubs/libcuda.so only so programs can link without a driver. At run "
                  "time it answers every call with CUDA_ERROR_STUB_LIBRARY (34): no GPU is ever found.";
  x.fix = {"remove the stubs directory from LD_LIBRARY_PATH (it belongs only in link-time -L flags)",
           "check for a libcuda.so.1 symlink pointing into stubs/: ls -l $(dirname " + stub.path + ")"};
  x.explains = {"L301", "R904"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
