#include <memory>

#include "cli/commands.hpp"
#include "cli/diagnose.hpp"
#include "cli/output.hpp"
#include "cli/presentation.hpp"
#include "render/report.hpp"

namespace gpudoctor::cli {

// `gpudoctor collect -o facts.json`: the facts alone, to diagnose on another machine
// with `gpudoctor --facts facts.json`. Redacted like a report (--redact, --no-redact): a
// redacted variable keeps its name and reads "<redacted N-M chars>", so the rules that ask
// whether it is set still see it set, and env.redacted lists it.
void add_collect_command(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* sub = app.add_subcommand("collect", "write the probed facts as JSON (stdout or -o FILE)");
  auto out = std::make_shared<std::string>();
  sub->add_option("-o,--output", *out, "write to FILE instead of stdout");
  sub->callback([&g, &exit_code, out] {
    auto kb = load_kb(g);
    auto facts = gather_facts(g, kb);
    std::string text = render::render_facts_json(facts, redact_options(g, false), kb::EnvVarList::load(kb));
    if (out->empty() || *out == "-")
      write_stdout(for_terminal(std::move(text), terminal_style(g, STDOUT_FILENO), true));
    else
      write_file(*out, text);  // a relative path is from the working directory
    exit_code = kExitUsable;
  });
}

}  // namespace gpudoctor::cli
