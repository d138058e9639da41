// `gpudoctor explain [FILE|-]`: reads a log and names the root cause of "the GPU is not
// used", which lines are noise, and (by default) what this machine holds for it.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <istream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/diagnose.hpp"
#include "cli/output.hpp"
#include "cli/presentation.hpp"
#include "explain/explain.hpp"
#include "explain/explain_render.hpp"
#include "explain/log_input.hpp"
#include "explain/message_kb.hpp"
#include "explain/with_facts.hpp"
#include "rules/paste_rules.hpp"

namespace gpudoctor::cli {
namespace {

struct ExplainOpts {
  std::string file = "-";
  bool no_probe = false;
  std::string max_bytes;       // --max-bytes SIZE ("" = explain::kDefaultMaxBytes)
  size_t max_line = explain::kDefaultMaxSegment;  // --max-line-bytes N
};

// The log through explain::LogInput: a regular file or a pipe only, at most --max-bytes,
// UTF-16 decoded. What the input itself says about the read goes into the report's notes.
explain::ExplainResult read_log(const ExplainOpts& o, const explain::MessageKb& mkb, explain::ExplainOptions opt) {
  uint64_t max_bytes = explain::kDefaultMaxBytes;
  if (!o.max_bytes.empty()) {
    auto v = explain::parse_byte_size(o.max_bytes);
    if (!v) throw UsageError("--max-bytes: '" + o.max_bytes + "' is not a size such as 4G, 512M or 65536");
    max_bytes = *v;
  }
  std::unique_ptr<explain::LogInput> input;
  try {
    input = explain::LogInput::open(o.file, max_bytes);
  } catch (const explain::InputError& e) {
    throw UsageError("cannot read log file " + o.file + ": " + e.what());
  }
  std::istream in(input.get());
  opt.max_segment = o.max_line;
  auto result = explain::explain_log(in, mkb, opt);
  if (!input->error().empty()) throw UsageError("cannot read log file " + o.file + ": " + input->error());
  if (input->encoding() != explain::Encoding::utf8)
    result.notes.push_back(
        fmt::format("the log is {}; it was decoded to UTF-8", explain::to_string(input->encoding())));
  if (input->limit_hit())
    result.notes.push_back(
        fmt::format("stopped after the first {} bytes (--max-bytes {}): the rest of the log was not read",
                    input->bytes_read(), o.max_bytes.empty() ? "4G" : o.max_bytes));
  return result;
}

int run(const ExplainOpts& o, const GlobalOptions& g) {
  auto kb = load_kb(g);
  explain::MessageKb mkb = [&] {
    try {
      return explain::MessageKb::load(kb);
    } catch (const std::runtime_error& e) {
      // A broken --kb override is the user's input; the embedded KB is tested.
      if (!g.kb_dir.empty()) throw UsageError(e.what());
      throw;
    }
  }();
  // Facts a pasted report shows (environment, libcuda, framework builds) are judged by the
  // static rules that only need those.
  explain::ExplainOptions opt;
  opt.judge = [&kb](const facts::Facts& f) { return rules::judge_pasted_facts(f, kb); };
  auto result = read_log(o, mkb, opt);
  if (result.stats.read_error) throw UsageError("cannot read log file " + o.file + ": read error");

  explain::ReportMeta meta;
  meta.source = o.file;
  meta.gpudoctor_version = GPUDOCTOR_VERSION;
  meta.kb_date = kb.date();
  meta.kb_origin = kb.origin();
  if (!o.no_probe) {
    // Static probes only: explaining a log must not wait on the driver.
    GlobalOptions probe = g;
    probe.no_live = true;
    try {
      auto facts = gather_facts(probe, kb);
      explain::add_machine_facts(result, facts, mkb, kb);
      meta.probed = true;
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      result.notes.push_back(std::string("this machine's facts were not used: ") + e.what());
    }
  }

  // A log quotes whatever the program printed, tokens and URLs with passwords included: the
  // report is redacted like gpudoctor's own (Markdown: identity too, said in its first line).
  const bool markdown = g.format == Format::markdown;
  const render::Redactor red(redact_options(g, markdown), facts::Facts{});
  const auto term = terminal_style(g, STDOUT_FILENO);
  std::string out;
  switch (g.format) {
    case Format::json: {
      auto j = nlohmann::ordered_json::parse(explain::render_json(result, meta));
      red.json(j);
      out = j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
      break;
    }
    case Format::markdown: {
      // Under its heading, the report says what it leaves out.
      out = render::markdown_escape_placeholders(red.text(explain::render_markdown(result, meta)));
      size_t heading = out.find('\n') == std::string::npos ? out.size() : out.find('\n') + 1;
      out.insert(heading, "\n" + render::redaction_notice(red.level()));
      break;
    }
    case Format::text:
    case Format::prometheus:  // no metrics for a log: plain text
    case Format::npd: {
      explain::TextStyle st;
      st.color = term.color;
      st.verbose = g.verbose;
      out = red.text(explain::render_text(result, meta, st));
      break;
    }
  }
  write_stdout(for_terminal(std::move(out), term, g.format == Format::json));
  return result.has_error() ? kExitNotUsable : kExitUsable;
}

}  // namespace

void add_explain_command(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<ExplainOpts>();
  auto* sub = app.add_subcommand(
      "explain",
      "read a log (TensorFlow, PyTorch, JAX, nvidia-smi, docker, dmesg) and name why the GPU is not used;\n"
      "lists the harmless lines too. Exit codes: 0 no error in the log, 1 an error, 2 unreadable file");
  sub->add_option("file", o->file, "log file (a regular file or a pipe), or - for standard input (the default)");
  sub->add_option("--max-bytes", o->max_bytes, "read at most SIZE bytes of the log (K, M, G; default 4G)")
      ->type_name("SIZE");
  sub->add_option("--max-line-bytes", o->max_line, "cut lines longer than N bytes (default 16384)")
      ->check(CLI::Range(size_t{64}, size_t{64} << 20))
      ->type_name("N");
  sub->add_flag("--no-probe", o->no_probe,
                "do not combine the log with this machine's facts (use when the log comes from elsewhere)");
  sub->callback([o, &g, &exit_code] { exit_code = run(*o, g); });
}

}  // namespace gpudoctor::cli
