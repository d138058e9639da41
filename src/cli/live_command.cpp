// placeholder: replaced when the live subcommand lands
#include "cli/commands.hpp"

namespace gpudoctor::cli {

void add_live_commands(CLI::App&, GlobalOptions&, int&) {}

}  // namespace gpudoctor::cli
