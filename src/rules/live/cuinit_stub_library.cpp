// cuInit returned 34: the loaded libcuda.so.1 is the toolkit's stub.
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuinit_stub_library) {
  auto r = live_util::cuinit_result(ctx.facts);
  if (!r || *r != live_util::kCuStub) return;
  const auto& l = ctx.facts.live.cuda.library;
  auto x = live_util::cuinit_finding(ctx, info, "libcuda.so.1 is the CUDA toolkit's stub, loaded from " +
                                                    (l.real_path.empty() ? l.path : l.real_path));
  if (auto p = live_util::env(ctx.facts, "LD_LIBRARY_PATH")) x.evidence.push_back({"LD_LIBRARY_PATH", *p});
  x.explanation = "The toolkit ships lib64/stubs/libcuda.so only for linking; every call into it returns "
                  "CUDA_ERROR_STUB_LIBRARY (it cannot even name that error, so gpudoctor uses its own table). "
                  "It shadows the driver's libcuda when its directory is on LD_LIBRARY_PATH or in ld.so.conf, or "
                  "when a libcuda.so.1 symlink to it was made.";
  x.fix = {"remove .../stubs from LD_LIBRARY_PATH (and from /etc/ld.so.conf.d/*, then sudo ldconfig)",
           "ldconfig -p | grep libcuda.so.1   # the driver's copy must come first",
           "if no driver libcuda exists at all, install the NVIDIA driver (the stub is no substitute)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
