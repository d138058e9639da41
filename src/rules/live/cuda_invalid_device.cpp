// cuInit returned 101: the device configuration (CUDA_VISIBLE_DEVICES) is invalid.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_invalid_device) {
  auto r = live_util::cuinit_result(ctx.facts);
  if (!r || *r != live_util::kCuInvalidDevice) return;
  auto cvd = live_util::env(ctx.facts, "CUDA_VISIBLE_DEVICES");
  auto x = live_util::cuinit_finding(
      ctx, info, cvd ? fmt::format("CUDA_VISIBLE_DEVICES=\"{}\" names no usable device", *cvd)
                     : std::string("the visible device configuration is invalid"));
  if (cvd) x.evidence.push_back({"CUDA_VISIBLE_DEVICES", "\"" + *cvd + "\""});
  x.explanation = "cuInit returns CUDA_ERROR_INVALID_DEVICE for an invalid device configuration: an index or "
                  "UUID in CUDA_VISIBLE_DEVICES that does not exist, a malformed list, or a MIG UUID on a "
                  "GPU whose MIG layout changed.";
  x.fix = {"nvidia-smi -L   # the valid indices and UUIDs (MIG-... for MIG instances)",
           "export CUDA_VISIBLE_DEVICES=0   # or unset it"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
