#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/presentation.hpp"
#include "kb/embedded.hpp"
#include "rules/registry.hpp"
#include "util/strings.hpp"

namespace gpudoctor::cli {
namespace {

std::string_view doc_page(std::string_view code) {
  std::string path = fmt::format("docs/findings/{}.md", code);
  for (const auto& f : kb::embedded_files())
    if (f.path == path) return f.content;
  return {};
}

}  // namespace

// `gpudoctor explain-code K203` prints the long explanation offline, like rustc --explain.
void add_docs_commands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto code = std::make_shared<std::string>();
  auto* ec = app.add_subcommand("explain-code", "print the documentation page of a finding code (or slug)");
  ec->alias("docs");
  ec->add_option("code", *code, "finding code such as K203, or its slug")->required();
  ec->callback([code, &g, &exit_code] {
    const rules::RuleInfo* info = rules::find_rule(*code);
    if (!info) throw UsageError("unknown finding code '" + *code + "' (see gpudoctor list-codes)");
    auto page = doc_page(info->code);
    if (page.empty()) throw std::runtime_error("no documentation page for " + std::string(info->code));
    write_stdout(for_terminal(std::string(page), terminal_style(g, STDOUT_FILENO)));
    exit_code = kExitUsable;
  });

  auto* lc = app.add_subcommand("list-codes", "list every finding code with its severity, cause and summary");
  lc->callback([&g, &exit_code] {
    if (g.format == Format::json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : rules::all_rules())
        arr.push_back({{"code", r.info.code}, {"slug", r.info.slug}, {"severity", r.info.severity},
                       {"cause", r.info.cause}, {"area", r.info.area}, {"summary", r.info.summary}});
      write_stdout(for_terminal(arr.dump(2) + "\n", terminal_style(g, STDOUT_FILENO), true));
    } else {
      std::string s;
      for (const auto& r : rules::all_rules())
        s += fmt::format("{}  {:<7}  {:<34}  {}\n", r.info.code, findings::to_string(r.info.severity), r.info.slug,
                         r.info.summary);
      write_stdout(for_terminal(std::move(s), terminal_style(g, STDOUT_FILENO)));
    }
    exit_code = kExitUsable;
  });
}

}  // namespace gpudoctor::cli
