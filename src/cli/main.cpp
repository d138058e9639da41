// The only place that knows about argv, exit codes and exceptions.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <exception>

#include "cli/commands.hpp"
#include "cli/diagnose.hpp"
#include "cli/node_outputs.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"
#include "kb/kb.hpp"

using namespace gpudoctor::cli;

namespace {
// node-problem-detector shows stdout as the condition's message: say why there is no verdict.
void npd_unknown(const GlobalOptions& g, const char* why) {
  if (g.format != Format::npd) return;
  std::string msg = std::string("UNKNOWN gpudoctor: ") + why;
  std::printf("%s\n", msg.substr(0, gpudoctor::render::kNpdMaxBytes).c_str());
  std::fflush(stdout);
}
}  // namespace

int main(int argc, char** argv) {
  GlobalOptions g;
  int exit_code = kExitUsable;
  CLI::App app{"gpudoctor: why is my GPU not being used?\n"
               "Exit codes: 0 GPU usable, 1 not usable (an error finding), 2 usage or input error, or the verdict is\n"
               "unknown (the facts that decide it could not be read), 3 the tool failed (a bug, or its output could\n"
               "not be written)."};
  // Version, knowledge-base date (the embedded tables' newest review) and the commit it was built from.
  app.set_version_flag("--version", [] {
    return std::string("gpudoctor ") + GPUDOCTOR_VERSION + " (knowledge base " + gpudoctor::kb::Kb::load("").date() +
           ", commit " + GPUDOCTOR_COMMIT + ")";
  });
  // Option callbacks run while parsing, so subcommand callbacks see the final format.
  app.add_flag_callback("--json", [&] { g.format = Format::json; }, "machine-readable report (docs/json-schema.md)");
  app.add_flag_callback("--markdown", [&] { g.format = Format::markdown; }, "report to paste into a bug report");
  app.add_option_function<std::string>(
         "--format",
         [&](const std::string& f) {
           g.format = f == "json" ? Format::json
                      : f == "markdown" ? Format::markdown
                      : f == "prometheus" ? Format::prometheus
                      : f == "npd"        ? Format::npd
                                          : Format::text;
         },
         "text, json, markdown, prometheus or npd (node-problem-detector plugin: one line, exit 0/1/2)")
      ->check(CLI::IsMember({"text", "json", "markdown", "prometheus", "npd"}));
  app.add_option("--root", g.root, "read /proc, /sys, /usr ... under this directory (fixtures, chroots)");
  app.add_option("--kb", g.kb_dir, "knowledge-base directory overriding the embedded copy");
  app.add_option("--facts", g.facts_file, "diagnose a facts file from 'gpudoctor collect' instead of this machine");
  app.add_flag("--no-color", g.no_color, "no ANSI colours (NO_COLOR is honoured too)");
  app.add_flag("-v,--verbose", g.verbose, "show every candidate and info finding");
  app.add_flag("--no-live", g.no_live, "do not ask the driver (libcuda, NVML) in a child process");
  app.add_option("--timeout", g.timeout_s, "seconds the live driver child may take (default 20)")
      ->check(finite_range(0.1, 3600.0));
  app.add_option("--framework", g.framework, "narrow the report to one framework")
      ->check(CLI::IsMember({"tensorflow", "torch", "jax"}));
  app.add_option("--env", g.env_dirs, "also probe the Python environment at DIR (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("DIR");
  app.add_option("--python", g.pythons, "also probe the environment of the Python interpreter PATH (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("PATH");
  app.add_flag("--deep", g.deep,
               "import each framework found in its own Python and run its GPU check (runs Python; slow)");
  app.add_option("--deep-timeout", g.deep_timeout_s, "seconds each --deep check may take (default 60)")
      ->check(finite_range(1.0, 3600.0));

  add_node_output_options(app, g);
  auto* redact = app.add_option("--redact", g.redact,
                                "what every output leaves out: secrets (the default) or identity (also user, host,\n"
                                "home directory and machine ids; the default for --markdown)")
                     ->check(CLI::IsMember({"secrets", "identity"}));
  app.add_flag("--no-redact", g.no_redact, "show everything, secrets included (warns on stderr)")->excludes(redact);
  app.add_flag("--ascii", g.ascii, "ASCII only ([ok] [!] [x]); the default when the locale is not UTF-8 or TERM=dumb");

  add_collect_command(app, g, exit_code);
  add_docs_commands(app, g, exit_code);
  add_explain_command(app, g, exit_code);
  add_live_commands(app, g, exit_code);
  add_run_command(app, g, exit_code);
  add_fleet_command(app, g, exit_code);
  for (auto* sub : app.get_subcommands({})) sub->fallthrough();
  // Runs after the options are parsed and before any subcommand's callback.
  app.parse_complete_callback([&g] { prepare_global_options(g); });

  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      auto started = std::chrono::steady_clock::now();
      auto kb = load_kb(g);
      auto facts = gather_facts(g, kb);
      auto report = diagnose(facts, kb, g.framework);
      report.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      report.finished_unix_s =
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
      exit_code = print_report(report, g);
      write_node_outputs(report, g);
    }
    finish_stdout();
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      int rc = app.exit(e);  // --help, --version
      try {
        finish_stdout();
      } catch (...) {
        return report_exception(std::current_exception(), stderr);
      }
      return rc;
    }
    std::fprintf(stderr, "gpudoctor: error: %s\n", e.what());
    return kExitUsage;
  } catch (...) {
    // node-problem-detector reads stdout: a failed check says UNKNOWN there too.
    auto e = std::current_exception();
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      npd_unknown(g, x.what());
    } catch (...) {
      npd_unknown(g, "internal error");
    }
    return report_exception(e, stderr);
  }
  return exit_code;
}
