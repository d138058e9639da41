// The toolkit's stub libcuda would be loaded instead of the driver's.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {
namespace {

const facts::LibraryCandidate* resolved_to(const facts::LibraryFacts& lib, std::string_view name) {
  for (const auto& r : lib.resolutions)
    if (r.name == name && r.selected >= 0 && static_cast<size_t>(r.selected) < lib.candidates.size())
      return &lib.candidates[static_cast<size_t>(r.selected)];
  return nullptr;
}

}  // namespace

// Severity follows what each consumer asks the loader for: CUDA programs, TensorFlow,
// PyTorch, JAX and the live probe dlopen "libcuda.so.1"; a few tools (numba, build
// scripts) dlopen "libcuda.so". The loader never takes a file named libcuda.so for
// libcuda.so.1, so a stubs/ directory holding only libcuda.so breaks only the latter.
GD_RULE(check_libcuda_stub) {
  const auto& f = ctx.facts;
  const auto* lib = f.library("libcuda");
  if (!lib) return;
  const auto* sel = selected(lib);  // what dlopen("libcuda.so.1") gets
  const facts::LibraryCandidate* bare = nullptr;  // what dlopen("libcuda.so") gets, when a stub
  if (!lib->resolutions.empty()) {
    if (const auto* c = resolved_to(*lib, "libcuda.so"); c && c->is_stub) bare = c;
  } else {
    // Facts without resolutions (older files): a stub in an LD_LIBRARY_PATH directory.
    for (const auto& c : lib->candidates)
      if (c.is_stub && c.found_via == "LD_LIBRARY_PATH") bare = &c;
  }
  const bool so1_stub = sel && sel->is_stub;
  if (!so1_stub && !bare) return;
  const auto& stub = so1_stub ? *sel : *bare;
  findings::Finding x;
  if (so1_stub) {
    x = make_finding(info, fmt::format("the stub libcuda {} is what programs get for libcuda.so.1", stub.path));
  } else {
    x = make_finding(info, fmt::format("the stub libcuda {} answers dlopen(\"libcuda.so\"); libcuda.so.1 (what "
                                       "CUDA, TensorFlow, PyTorch and JAX load) {}",
                                       stub.path, sel ? "is still the driver's: " + sel->path : "does not come from it"));
    x.severity = findings::Severity::warning;
  }
  x.evidence.push_back({stub.path, "stub (" + stub.found_via + (stub.stub_reason.empty() ? "" : ", " + stub.stub_reason) + ")"});
  if (auto llp = env(f, "LD_LIBRARY_PATH")) x.evidence.push_back({"LD_LIBRARY_PATH", *llp});
  if (sel && !sel->is_stub) x.evidence.push_back({sel->path, "the driver's libcuda.so.1, still picked first"});
  x.explanation = "The CUDA toolkit ships lib64/stubs/libcuda.so only so programs can link without a driver. At run "
                  "time it answers every call with CUDA_ERROR_STUB_LIBRARY (34): no GPU is ever found. The loader "
                  "takes it for libcuda.so.1 only when a file of that name leads to it; a bare libcuda.so is found "
                  "only by programs that ask for libcuda.so (numba, some build tools).";
  x.fix = {"remove the stubs directory from LD_LIBRARY_PATH (it belongs only in link-time -L flags)",
           "check for a libcuda.so.1 symlink pointing into stubs/: ls -l $(dirname " + stub.path + ")"};
  if (so1_stub) x.explains = {"L301", "R904"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
