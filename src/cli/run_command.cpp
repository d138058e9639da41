// `gpudoctor run [--report FILE] [--interval MS] -- CMD [ARGS...]`: runs a command as a
// shell would (its stdin, stdout and exit status untouched; stderr copied through),
// watches the GPU with NVML in a sampler child while it runs, then says on stderr whether
// it ever used the GPU, how much, whether the GPU sat idle while the CPU worked, and what
// its stderr log says. Also the hidden `__run-sampler` child.
#include <time.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/diagnose.hpp"
#include "cli/presentation.hpp"
#include "explain/message_kb.hpp"
#include "live/child_process.hpp"
#include "rules/registry.hpp"
#include "run/log_explainer.hpp"
#include "run/passthrough.hpp"
#include "run/run_judge.hpp"
#include "run/run_render.hpp"
#include "run/sampler.hpp"
#include "run/sampler_child.hpp"

namespace gpudoctor::cli {
namespace {

struct RunOpts {
  std::string report;
  int interval_ms = 100;
  std::vector<std::string> command;
};

long long monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// The R96x findings and the log's, with R960 ("never created a context") folded under
// the log's errors: those say why.
std::vector<findings::Finding> combine(const std::vector<findings::Finding>& run_findings,
                                       const explain::ExplainResult& log) {
  std::vector<findings::Finding> out = log.findings;
  bool has_r960 = false;
  for (const auto& f : run_findings) has_r960 = has_r960 || f.code == "R960";
  for (auto& f : out) {
    f.explained_by.clear();
    if (has_r960 && f.severity == findings::Severity::error) f.explains.push_back("R960");
  }
  out.insert(out.end(), run_findings.begin(), run_findings.end());
  findings::fold(out);
  return out;
}

int run_command(const RunOpts& o, const GlobalOptions& g) {
  // Everything that can fail as a usage error fails before the command starts.
  std::unique_ptr<std::ofstream> report;
  if (!o.report.empty()) {
    report = std::make_unique<std::ofstream>(o.report, std::ios::binary | std::ios::trunc);
    if (!*report) throw UsageError("cannot write report " + o.report + ": " + std::strerror(errno));
  }
  auto kb = load_kb(g);
  auto mkb = explain::MessageKb::load(kb);
  run::LogExplainer explainer(mkb);
  std::string error;
  if (!explainer.start(error)) throw std::runtime_error(error);

  run::RunFacts facts;
  facts.command = o.command;
  facts.interval_ms = o.interval_ms;
  run::Sampler sampler({live::self_exe(), o.interval_ms, {}});
  run::PassthroughIo io;
  io.on_started = [&](pid_t pid) { sampler.start(pid, monotonic_ns()); };
  io.on_stderr = [&](const char* p, size_t n) {
    facts.stderr_bytes += n;
    explainer.feed(p, n);
  };
  auto t0 = std::chrono::steady_clock::now();
  facts.exit = run::run_passthrough(o.command, io);
  facts.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bool started = facts.exit.status == "exited" || facts.exit.status == "signaled";
  if (!started) std::fprintf(stderr, "gpudoctor: error: %s\n", facts.exit.error.c_str());
  sampler.finish(facts.sampler, facts.stats);

  run::RunReport rep;
  rep.gpudoctor_version = GPUDOCTOR_VERSION;
  rep.log = explainer.finish();
  rep.findings = combine(run::judge_run(facts), rep.log);
  rep.facts = std::move(facts);
  // The command line and its log may hold tokens: both outputs are redacted.
  const render::Redactor red(redact_options(g, false), facts::Facts{});
  const auto term = terminal_style(g, STDERR_FILENO);
  // A command that never started gets the one-line error only, as from a shell.
  if (started) {
    std::string text = for_terminal(red.text(run::render_run_text(rep, term.utf8)), term);
    std::fflush(stdout);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
  }
  if (report) {
    auto j = nlohmann::json::parse(run::render_run_json(rep));
    red.json(j);
    *report << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    report->flush();
    if (!*report) std::fprintf(stderr, "gpudoctor: error: cannot write report %s\n", o.report.c_str());
  }
  return rep.facts.exit.exit_code;
}

}  // namespace

void add_run_command(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<RunOpts>();
  auto* sub = app.add_subcommand(
      "run",
      "run a command and watch whether it uses the GPU: context, memory, SM utilisation over time, GPU idle while\n"
      "the CPU is busy (a starved input pipeline), and the findings from its stderr log. Its stdin, stdout and\n"
      "exit status pass through unchanged (127: not found, 126: not executable, 128+N: killed by signal N)");
  sub->add_option("--report", o->report, "also write everything as JSON to this file");
  sub->add_option("--interval", o->interval_ms, "milliseconds between GPU samples (default 100)")
      ->check(CLI::Range(10, 600000));
  sub->add_option("command", o->command, "the command and its arguments, after --")->required();
  sub->callback([o, &g, &exit_code] { exit_code = run_command(*o, g); });

  // The sampler child: not for people, so hidden from --help (empty group).
  auto args = std::make_shared<run::SamplerArgs>();
  auto* child = app.add_subcommand(run::kSamplerCommand, "internal: the NVML sampler of gpudoctor run");
  child->group("");
  child->add_option("pid", args->pid)->required();
  child->add_option("interval", args->interval_ms)->required();
  child->add_option("t0", args->t0_ns)->required();
  child->callback([args, &exit_code] { exit_code = run::run_sampler_child(*args); });
}

}  // namespace gpudoctor::cli
