// In a container with several GPUs, /dev/shm is too small or not writable for NCCL.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

// NCCL user guide, Troubleshooting, "Shared memory": NCCL creates its intra-node buffers in
// /dev/shm and fails to initialise without enough of it; for Docker it asks for
// "--shm-size=1g --ulimit memlock=-1". Docker's default is 64 MiB.
constexpr long long kNcclShmFloor = 1LL << 30;

GD_RULE(check_shm_too_small) {
  const auto& f = ctx.facts;
  const auto& shm = f.host.shm;
  if (!in_container(f) || !shm.present) return;
  auto gpus = gpu_count(f);
  if (!gpus || *gpus < 2) return;  // NCCL's shared-memory transport is between GPUs of one node
  std::string why;
  if (shm.read_only) {
    why = "/dev/shm is mounted read-only";
  } else if (!shm.writable) {
    why = fmt::format("/dev/shm (mode {}) is not writable for {}", shm.mode, f.env.user.empty() ? "this user" : f.env.user);
  } else if (shm.size_bytes >= 0 && shm.size_bytes < kNcclShmFloor) {
    why = fmt::format("/dev/shm is {} MiB", shm.size_bytes >> 20);
  }
  if (why.empty()) return;
  auto x = make_finding(info, fmt::format("{} in this container with {} GPUs: NCCL (multi-GPU training) needs room there "
                                          "and fails to start without it",
                                          why, *gpus));
  x.evidence.push_back({"/dev/shm", fmt::format("{} {}, mode {}{}", shm.fs_type.empty() ? "?" : shm.fs_type,
                                                 shm.size_bytes >= 0 ? fmt::format("{} MiB", shm.size_bytes >> 20)
                                                                     : "size unknown",
                                                 shm.mode, shm.read_only ? ", ro" : "")});
  x.evidence.push_back({"GPUs", std::to_string(*gpus)});
  x.explanation = "NCCL creates shared-memory segments in /dev/shm to move data between the GPUs of one node. Docker "
                  "gives a container 64 MiB there unless told otherwise; NCCL then fails at start-up with 'unhandled "
                  "system error' and 'NCCL WARN Error: failed to extend /dev/shm/nccl-... to ... bytes' (or a bus "
                  "error). A single-GPU job does not need it.";
  x.fix = {"docker run --shm-size=1g --ulimit memlock=-1 ...   (or --ipc=host)",
           "Kubernetes: mount an emptyDir with medium: Memory at /dev/shm",
           "or, slower, without shared memory: export NCCL_SHM_DISABLE=1"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
