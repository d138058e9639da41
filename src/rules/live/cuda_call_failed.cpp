// libcuda answered an error that no more specific finding covers.
#include <fmt/format.h>

#include <algorithm>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
namespace {

// cuInit answers with a finding of their own (R904-R915).
bool has_own_finding(int code) {
  using namespace live_util;
  static const int kCovered[] = {kCuOutOfMemory,    kCuNotInitialized,   kCuStub,
                                 kCuDeviceUnavailable, kCuNoDevice,       kCuInvalidDevice,
                                 kCuOperatingSystem, kCuSystemNotReady,   kCuSystemDriverMismatch,
                                 kCuCompatNotSupported, kCuUnknown};
  return std::find(std::begin(kCovered), std::end(kCovered), code) != std::end(kCovered);
}

}  // namespace

GD_RULE(check_cuda_call_failed) {
  auto r = live_util::cuinit_result(ctx.facts);
  if (!r) return;
  const auto& c = ctx.facts.live.cuda;
  auto add = [&](std::string message, const std::string& call, int code, std::string subject) {
    auto x = make_finding(info, std::move(message));
    x.subject = std::move(subject);
    x.evidence.push_back(live_util::libcuda_evidence(ctx.facts));
    x.evidence.push_back({call, live_util::cuda_code(ctx, code)});
    std::string meaning = live_util::code_meaning(ctx.kb, "kb/status_curesult.tsv", code);
    x.explanation = "libcuda refused with a code that gpudoctor has no more specific diagnosis for; programs "
                    "using CUDA will fail the same way." +
                    (meaning.empty() ? std::string() : " What the code means: " + meaning);
    x.fix = {"sudo dmesg | grep -iE 'NVRM|Xid'", "nvidia-smi", "gpudoctor explain-code " + std::string(info.code)};
    out.push_back(std::move(x));
  };
  if (*r != 0) {
    if (!has_own_finding(*r))
      add(fmt::format("cuInit returned {}", live_util::cuda_code(ctx, *r)), "cuInit(0)", *r, "libcuda");
    return;
  }
  if (c.device_count_result > 0)
    add(fmt::format("cuDeviceGetCount returned {}", live_util::cuda_code(ctx, c.device_count_result)),
        "cuDeviceGetCount", c.device_count_result, "libcuda");
  for (const auto& d : c.devices) {
    if (d.context_result <= 0 || d.context_result == live_util::kCuOutOfMemory ||
        d.context_result == live_util::kCuDeviceUnavailable)
      continue;
    add(fmt::format("GPU {} ({}): a CUDA context cannot be created: {}", d.ordinal, d.name,
                    live_util::cuda_code(ctx, d.context_result)),
        "cuDevicePrimaryCtxRetain", d.context_result, live_util::gpu_subject(d.pci_bus_id, d.ordinal));
  }
}

}  // namespace gpudoctor::rules
