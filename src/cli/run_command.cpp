// placeholder: replaced when the run subcommand lands
#include "cli/commands.hpp"

namespace gpudoctor::cli {

void add_run_command(CLI::App&, GlobalOptions&, int&) {}

}  // namespace gpudoctor::cli
