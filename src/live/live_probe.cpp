#include "live/live_probe.hpp"

#include <fmt/format.h>

#include <thread>

#include "live/child_main.hpp"
#include "live/code_names.hpp"

namespace gpudoctor::live {
namespace {

struct PartResult {
  ChildResult res;
  ChildOutput out;
};

PartResult run_part(const LiveProbeOptions& opt, std::vector<std::string> args, double timeout_s, double idle_s,
                    const std::function<void(std::string_view)>& on_progress = {}) {
  ChildSpec spec;
  spec.argv = {opt.exe.empty() ? self_exe() : opt.exe, kChildCommand};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env_set = opt.env_set;
  spec.env_unset = opt.env_unset;
  spec.timeout_s = timeout_s;
  spec.idle_timeout_s = idle_s;
  PartResult p;
  p.res = run_child(spec, [&](std::string_view line) {
    std::string progress = apply_protocol_line(line, p.out);
    if (!progress.empty() && on_progress) on_progress(progress);
  });
  return p;
}

}  // namespace

facts::LiveRun summarize_run(const ChildResult& res, const ChildOutput& out, double timeout_s) {
  facts::LiveRun r;
  r.stage = out.stage;
  r.timeout_s = timeout_s;
  r.elapsed_s = res.elapsed_s;
  r.exit_code = res.exit_code;
  r.signal = res.signal;
  r.unkillable = res.unkillable;
  r.stderr_tail = res.stderr_tail;
  switch (res.status) {
    case ChildResult::Status::spawn_failed:
      r.outcome = "error";
      r.error = res.error;
      break;
    case ChildResult::Status::timeout:
      r.outcome = "timeout";
      if (res.idle) r.error = fmt::format("no progress for {:.0f} s", timeout_s);
      break;
    case ChildResult::Status::signaled:
      r.outcome = "crashed";
      break;
    case ChildResult::Status::exited:
      if (res.exit_code == 0 && out.done) {
        r.outcome = "ok";
      } else {
        r.outcome = "crashed";
        r.error = out.done ? fmt::format("exit status {}", res.exit_code) : "the child ended without finishing";
      }
      break;
  }
  if (!out.bad_lines.empty()) {
    if (!r.error.empty()) r.error += "; ";
    r.error += fmt::format("{} unreadable protocol line(s), first: {}", out.bad_lines.size(), out.bad_lines.front());
  }
  if (res.protocol_truncated) r.error += (r.error.empty() ? "" : "; ") + std::string("protocol output truncated");
  return r;
}

std::string overall_outcome(const facts::LiveFacts& live) {
  const facts::LiveRun* runs[] = {&live.cuda.run, &live.nvml.run, &live.selftest.run};
  for (const char* o : {"timeout", "crashed"})
    for (const auto* r : runs)
      if (r->outcome == o) return o;
  if (live.cuda.run.outcome == "error") return "error";
  if (!live.cuda.library.loaded) return "no_library";
  return "ok";
}

void run_live_probe(double timeout_s, facts::Facts& facts) {
  LiveProbeOptions opt;
  opt.timeout_s = timeout_s;
  run_live_probe(opt, facts);
}

void run_live_probe(const LiveProbeOptions& opt, facts::Facts& facts) {
  auto& live = facts.live;
  live = {};
  live.ran = true;
  live.timeout_s = opt.timeout_s;
  PartResult cuda;
  std::thread cuda_thread([&] { cuda = run_part(opt, {"cuda"}, opt.timeout_s, 0); });
  PartResult nvml = run_part(opt, {"nvml"}, opt.timeout_s, 0);
  cuda_thread.join();

  live.cuda = cuda.out.cuda;
  live.cuda.run = summarize_run(cuda.res, cuda.out, opt.timeout_s);
  live.nvml = nvml.out.nvml;
  live.nvml.run = summarize_run(nvml.res, nvml.out, opt.timeout_s);
  live.selftest.run.outcome = "skipped";
  name_codes(live, kb::Kb::load());
  live.outcome = overall_outcome(live);
}

void run_selftest_child(const SelftestRunOptions& opt, facts::Facts& facts) {
  auto& live = facts.live;
  live = {};
  live.ran = true;
  live.timeout_s = opt.child.timeout_s;
  std::vector<std::string> args = {"selftest", "--seconds", fmt::format("{}", opt.selftest.seconds)};
  if (opt.selftest.quick) args.push_back("--quick");
  if (opt.selftest.device >= 0) args.insert(args.end(), {"--device", std::to_string(opt.selftest.device)});
  if (!opt.selftest.cublaslt.empty()) args.insert(args.end(), {"--cublaslt", opt.selftest.cublaslt});
  if (opt.selftest.gemm_size > 0) args.insert(args.end(), {"--gemm-size", std::to_string(opt.selftest.gemm_size)});
  // Start-up (cuInit, context, PTX JIT, cuBLASLt) plus the timed loops, with room to spare.
  double total = opt.child.timeout_s + 4 * opt.selftest.seconds + 30.0 * std::max(1, opt.devices_expected);
  PartResult p = run_part(opt.child, args, total, opt.child.timeout_s, opt.on_progress);
  live.cuda = p.out.cuda;
  live.cuda.run = summarize_run(p.res, p.out, opt.child.timeout_s);
  live.selftest = p.out.selftest;
  live.selftest.run = live.cuda.run;
  live.nvml.run.outcome = "skipped";
  name_codes(live, kb::Kb::load());
  live.outcome = overall_outcome(live);
}

}  // namespace gpudoctor::live
