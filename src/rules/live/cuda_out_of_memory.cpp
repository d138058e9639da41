// Creating a CUDA context failed with 2 CUDA_ERROR_OUT_OF_MEMORY.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_out_of_memory) {
  if (!live_util::cuinit_result(ctx.facts)) return;
  for (const auto& d : ctx.facts.live.cuda.devices) {
    if (d.context_result != live_util::kCuOutOfMemory) continue;
    auto x = make_finding(info, fmt::format("GPU {} ({}): a CUDA context cannot be created: {}", d.ordinal, d.name,
                                            live_util::cuda_code(ctx, d.context_result)));
    x.subject = live_util::gpu_subject(d.pci_bus_id, d.ordinal);
    x.evidence.push_back({"cuDevicePrimaryCtxRetain", live_util::cuda_code(ctx, d.context_result)});
    x.evidence.push_back({"cuDeviceTotalMem_v2", live_util::gib(d.total_mem_bytes)});
    x.explanation = "A context needs a few hundred MiB of device memory of its own; when other processes hold "
                    "all of it, even creating one fails, and every framework reports out-of-memory at start-up.";
    x.fix = {"nvidia-smi --query-compute-apps=pid,process_name,used_memory --format=csv",
             "stop the processes holding the memory (or wait for them), then retry"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
