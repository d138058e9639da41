#pragma once
// Each subcommand lives in its own file and registers itself on the app; the
// callback stores its exit code in `exit_code`.
#include <CLI/CLI.hpp>

#include "cli/options.hpp"

namespace gpudoctor::cli {

void add_collect_command(CLI::App& app, GlobalOptions& g, int& exit_code);
void add_docs_commands(CLI::App& app, GlobalOptions& g, int& exit_code);    // explain-code, list-codes
void add_explain_command(CLI::App& app, GlobalOptions& g, int& exit_code);  // explain a log
void add_live_commands(CLI::App& app, GlobalOptions& g, int& exit_code);    // selftest, live child
void add_run_command(CLI::App& app, GlobalOptions& g, int& exit_code);      // run -- CMD
void add_fleet_command(CLI::App& app, GlobalOptions& g, int& exit_code);    // fleet DIR|-

}  // namespace gpudoctor::cli
