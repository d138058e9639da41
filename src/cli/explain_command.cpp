// `gpudoctor explain [FILE|-]`: reads a log and names the root cause of "the GPU is not
// used", which lines are noise, and (by default) what this machine holds for it.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/diagnose.hpp"
#include "cli/output.hpp"
#include "explain/explain.hpp"
#include "explain/explain_render.hpp"
#include "explain/message_kb.hpp"
#include "explain/with_facts.hpp"

namespace gpudoctor::cli {
namespace {

struct ExplainOpts {
  std::string file = "-";
  bool no_probe = false;
};

explain::ExplainResult read_log(const std::string& file, const explain::MessageKb& mkb) {
  if (file == "-") return explain::explain_log(std::cin, mkb);
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw UsageError("cannot read log file " + file + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw UsageError("cannot read log file " + file + ": is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("cannot read log file " + file + ": " + std::strerror(errno));
  return explain::explain_log(in, mkb);
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
  auto result = read_log(o.file, mkb);
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

  std::string out;
  switch (g.format) {
    case Format::json: out = explain::render_json(result, meta); break;
    case Format::markdown: out = explain::render_markdown(result, meta); break;
    case Format::text:
    case Format::prometheus: {  // no metrics for a log: plain text
      explain::TextStyle st;
      st.color = !g.no_color && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
      st.verbose = g.verbose;
      out = explain::render_text(result, meta, st);
      break;
    }
  }
  write_stdout(out);
  return result.has_error() ? kExitNotUsable : kExitUsable;
}

}  // namespace

void add_explain_command(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<ExplainOpts>();
  auto* sub = app.add_subcommand(
      "explain",
      "read a log (TensorFlow, PyTorch, JAX, nvidia-smi, docker, dmesg) and name why the GPU is not used;\n"
      "lists the harmless lines too. Exit codes: 0 no error in the log, 1 an error, 2 unreadable file");
  sub->add_option("file", o->file, "log file, or - for standard input (the default)");
  sub->add_flag("--no-probe", o->no_probe,
                "do not combine the log with this machine's facts (use when the log comes from elsewhere)");
  sub->callback([o, &g, &exit_code] { exit_code = run(*o, g); });
}

}  // namespace gpudoctor::cli
