// `gpudoctor selftest` and the hidden `gpudoctor __live-child PART` that the live probe
// and the selftest re-execute to talk to the driver out of harm's way.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/presentation.hpp"
#include "cli/diagnose.hpp"
#include "cli/output.hpp"
#include "findings/finding.hpp"
#include "live/child_main.hpp"
#include "live/live_probe.hpp"
#include "live/selftest_judge.hpp"
#include "live/selftest_report.hpp"
#include "probe/probes.hpp"
#include "rules/registry.hpp"

namespace gpudoctor::cli {
namespace {

void add_selftest_options(CLI::App* sub, live::SelftestOptions& o) {
  sub->add_flag("--quick", o.quick, "smaller buffers and a shorter run (about 2 s of measuring)");
  sub->add_option("--seconds", o.seconds, "seconds of timed measurement, all GPUs together (default 6)")
      ->check(finite_range(0.5, 3600.0));
  sub->add_option("--device", o.device, "test only the GPU with this CUDA ordinal");
  sub->add_option("--cublaslt", o.cublaslt,
                  "libcublasLt to use for the GEMM test (a path or soname), 'none' to skip it");
  sub->add_option("--gemm-size", o.gemm_size, "size of the square GEMM (default 4096, 2048 with --quick)")
      ->check(CLI::Range(16, 32768));
}

// Static facts the selftest judgement needs: the PCI ids (datasheet peaks), the kernel
// driver (nvidia_uvm) and the environment (CUDA_VISIBLE_DEVICES).
facts::Facts static_facts(const GlobalOptions& g, const kb::Kb& kb) {
  auto ctx = probe::ProbeContext::live(g.root);
  facts::Facts f;
  f.gpudoctor_version = GPUDOCTOR_VERSION;
  probe::probe_host(ctx, f.host);
  probe::probe_pci(ctx, kb, f.pci);
  probe::probe_kernel_driver(ctx, f.driver);
  probe::probe_env(ctx, f.env);
  f.problems = ctx.problems;
  return f;
}

// Only the live rules judge a selftest: the static areas were not probed in full. The
// one static judgement whose facts it has is H101 (the PCI bus was read): with no GPU,
// "install the driver's libraries" (R903) follows from it, as in the main report, where
// L301 stands between the two (the library probe does not run here). H101 is added only
// as the root of a live failure it explains; a GPU the live child reached needs no root.
std::vector<findings::Finding> live_findings(const facts::Facts& f, const kb::Kb& kb) {
  std::vector<findings::Finding> out;
  rules::Context ctx{f, kb};
  for (const auto& r : rules::live_rules())
    if (r.fn) r.fn(ctx, r.info, out);
  std::vector<findings::Finding> hw;
  for (const auto& r : rules::core_rules())
    if (r.fn && r.info.code == "H101") r.fn(ctx, r.info, hw);
  for (auto& h : hw) {
    h.explains.push_back("R903");
    bool explains_one = std::any_of(out.begin(), out.end(), [&](const findings::Finding& x) {
      return std::find(h.explains.begin(), h.explains.end(), x.code) != h.explains.end();
    });
    if (explains_one) out.push_back(std::move(h));
  }
  findings::fold(out);
  return out;
}

void run_selftest_command(const GlobalOptions& g, const live::SelftestOptions& o, int& exit_code) {
  auto kb = load_kb(g);
  auto f = static_facts(g, kb);
  live::SelftestRunOptions run;
  run.child.timeout_s = g.timeout_s;
  run.selftest = o;
  if (run.selftest.quick && run.selftest.seconds == live::SelftestOptions{}.seconds) run.selftest.seconds = 2;
  run.devices_expected = static_cast<int>(f.pci.gpus.size());
  run.on_progress = [](std::string_view line) {
    std::fprintf(stderr, "  %.*s\n", static_cast<int>(line.size()), line.data());
    std::fflush(stderr);
  };
  std::fprintf(stderr, "gpudoctor selftest (%s%.0f s of measuring):\n", run.selftest.quick ? "quick, " : "",
               run.selftest.seconds);
  live::run_selftest_child(run, f);

  live::SelftestReport rep;
  rep.facts = f;
  rep.rows = live::judge_selftest(f, kb);
  rep.findings = live_findings(f, kb);
  // Judged on the real facts; written redacted (cli/presentation.hpp).
  const kb::EnvVarList env_vars = kb::EnvVarList::load(kb);
  const render::Redactor red(redact_options(g, false), f, env_vars);
  rep.facts = red.facts(f);
  const auto term = terminal_style(g, STDOUT_FILENO);
  std::string text;
  if (g.format == Format::json) {
    auto j = nlohmann::json::parse(live::render_selftest_json(rep));
    red.json(j);
    text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else {
    text = red.text(live::render_selftest_text(rep, term.color));
  }
  text = for_terminal(std::move(text), term, g.format == Format::json);
  write_stdout(text);
  bool tested = !f.live.selftest.devices.empty();
  exit_code = findings::gpu_usable(rep.findings) && tested ? kExitUsable : kExitNotUsable;
}

}  // namespace

void add_live_commands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto opts = std::make_shared<live::SelftestOptions>();
  auto* st = app.add_subcommand("selftest",
                                "run known-answer kernels, a memory test and bandwidth/FLOPS measurements on every "
                                "visible GPU (in a child process, with --timeout)");
  add_selftest_options(st, *opts);
  st->callback([&g, &exit_code, opts] { run_selftest_command(g, *opts, exit_code); });

  // The child: not for people, so hidden from --help (empty group).
  auto args = std::make_shared<live::ChildArgs>();
  auto* child = app.add_subcommand(live::kChildCommand, "internal: the driver child process");
  child->group("");
  child->add_option("part", args->part, "cuda, nvml or selftest")->required();
  add_selftest_options(child, args->selftest);
  child->callback([args, &exit_code] { exit_code = live::run_live_child(*args); });
}

}  // namespace gpudoctor::cli
