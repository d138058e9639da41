// placeholder: replaced when the explain subcommand lands
#include "cli/commands.hpp"

namespace gpudoctor::cli {

void add_explain_command(CLI::App&, GlobalOptions&, int&) {}

}  // namespace gpudoctor::cli
