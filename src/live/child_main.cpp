#include "live/child_main.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "live/child_protocol.hpp"
#include "live/cuda_probe.hpp"
#include "live/nvml_probe.hpp"

namespace gpudoctor::live {
namespace {

int protocol_fd() { return ::fcntl(3, F_GETFD) != -1 ? 3 : STDOUT_FILENO; }

int cuda_part(ProtocolWriter& w) {
  facts::CudaFacts f;
  CudaApi api;
  probe_cuda(kLibcuda, api, f, [&](std::string_view s) {
    w.stage(s);
    w.cuda(f);
  });
  w.cuda(f);
  w.done();
  return 0;
}

int nvml_part(ProtocolWriter& w) {
  facts::NvmlFacts f;
  NvmlApi api;
  probe_nvml(kLibnvml, api, f, [&](std::string_view s) {
    w.stage(s);
    w.nvml(f);
  });
  w.nvml(f);
  w.done();
  return 0;
}

int selftest_part(ProtocolWriter& w, const SelftestOptions& opt) {
  facts::CudaFacts f;
  CudaApi api;
  StageFn stage = [&](std::string_view s) { w.stage(s); };
  probe_cuda(kLibcuda, api, f, stage);
  w.cuda(f);
  facts::SelftestFacts st;
  if (f.library.loaded && f.init_result == kCudaSuccess) {
    SelftestIo io{stage, [&](std::string_view p) { w.progress(p); },
                  [&](const facts::SelftestFacts& s) { w.selftest(s); }};
    run_selftest(api, f, opt, st, io);
  }
  w.selftest(st);
  w.done();
  return 0;
}

}  // namespace

int run_live_child(const ChildArgs& args) {
  // If gpudoctor dies, this child must not live on inside a wedged driver call.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ProtocolWriter w(protocol_fd());
  if (args.part == "cuda") return cuda_part(w);
  if (args.part == "nvml") return nvml_part(w);
  if (args.part == "selftest") return selftest_part(w, args.selftest);
  return 2;
}

}  // namespace gpudoctor::live
