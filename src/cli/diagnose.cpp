#include "cli/diagnose.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/output.hpp"
#include "cli/presentation.hpp"
#include "deep/deep_check.hpp"
#include "live/live_probe.hpp"
#include "probe/collect.hpp"
#include "probe/root_fs.hpp"
#include "rules/framework/verdict.hpp"
#include "rules/registry.hpp"
#include "util/strings.hpp"

namespace gpudoctor::cli {

kb::Kb load_kb(const GlobalOptions& g) {
  try {
    return kb::Kb::load(g.kb_dir);
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
}

// The sections every rule family reads. A field missing inside one reads as its default
// (older files still load); a whole section missing would be judged as an empty machine,
// so it is an input error. frameworks, live and problems may be absent (none found,
// --no-live, nothing unreadable).
constexpr const char* kDecidingSections[] = {"host", "pci", "driver", "loader", "libraries", "toolkit", "env"};

facts::Facts read_facts_file(const std::string& path) {
  probe::RootFs fs("/");
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    auto r = fs.read(path, 256u << 20);
    if (!r) throw UsageError("cannot read facts file " + path + ": " + r.error);
    text = *r;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw UsageError("facts file " + path + " is empty");
  try {
    auto j = nlohmann::json::parse(text);
    if (!j.is_object()) throw UsageError("facts file " + path + " is not a JSON object");
    // A full report (--json) carries the facts under "facts".
    if (j.contains("findings") && j.contains("facts")) j = j["facts"];
    if (!j.is_object()) throw UsageError("facts file " + path + " is not a JSON object");
    // A newer file first: its sections may have other names.
    if (auto v = j.find("schema_version"); v != j.end() && v->is_number_integer() &&
                                           v->get<long long>() > facts::kFactsSchemaVersion)
      throw UsageError("facts file " + path + " has schema_version " + std::to_string(v->get<long long>()) +
                       ", this gpudoctor reads up to " + std::to_string(facts::kFactsSchemaVersion));
    std::vector<std::string> missing;
    for (const char* s : kDecidingSections)
      if (!j.contains(s)) missing.emplace_back(s);
    if (!missing.empty())
      throw UsageError("facts file " + path + " lacks " + util::join(missing, ", ") +
                       ": the verdict would be unknown; write it with 'gpudoctor collect'");
    auto f = j.get<facts::Facts>();
    if (f.schema_version > facts::kFactsSchemaVersion)
      throw UsageError("facts file " + path + " has schema_version " + std::to_string(f.schema_version) +
                       ", this gpudoctor reads up to " + std::to_string(facts::kFactsSchemaVersion));
    return f;
  } catch (const nlohmann::json::exception& e) {
    throw UsageError("facts file " + path + " is not valid facts JSON: " + e.what());
  }
}

facts::Facts gather_facts(const GlobalOptions& g, const kb::Kb& kb) {
  if (!g.facts_file.empty()) {
    // The checks belong to the machine the facts came from: `collect --deep` there.
    if (g.deep) throw UsageError("--deep cannot run on a facts file; collect it with 'gpudoctor collect --deep'");
    return read_facts_file(g.facts_file);
  }
  // A --root whose mount is missing (a container without its host volume) would judge an
  // empty tree: "no GPU", and a health check would drain a healthy node.
  if (!g.root.empty() && g.root != "/") {
    std::error_code ec;
    if (!std::filesystem::is_directory(g.root, ec) || std::filesystem::is_empty(g.root, ec))
      throw UsageError("--root " + g.root + " is not a non-empty directory (is the host's root mounted there?)");
  }
  auto ctx = probe::ProbeContext::live(g.root);
  ctx.env_dirs = g.env_dirs;
  ctx.pythons = g.pythons;
  auto f = probe::collect(ctx, kb);
  if (!g.no_live && ctx.allow_exec) live::run_live_probe(g.timeout_s, f);
  if (g.deep) {
    // The environments found under another --root belong to another system: running
    // their Python here would check this one.
    if (!ctx.allow_exec) throw UsageError("--deep runs the frameworks' Python, which --root " + g.root + " rules out");
    deep::DeepOptions opt;
    opt.timeout_s = g.deep_timeout_s;
    opt.framework = g.framework;
    opt.env = ctx.env;
    opt.progress = ::isatty(STDERR_FILENO) ? stderr : nullptr;
    deep::run_deep_checks(f.frameworks, opt);
  }
  return f;
}

render::Report diagnose(const facts::Facts& f, const kb::Kb& kb, const std::string& framework) {
  render::Report r;
  r.facts = f;
  r.findings = rules::narrow_to_framework(f, rules::run_rules(f, kb), framework);
  r.frameworks = rules::framework_verdicts(f, r.findings, framework);
  r.unknown = rules::machine_verdict(f, r.findings, r.frameworks, framework).unknown;
  r.kb_date = kb.date();
  r.kb_origin = kb.origin();
  r.env_vars = kb::EnvVarList::load(kb);
  return r;
}

int print_report(const render::Report& report, const GlobalOptions& g) {
  render::Report r = report;
  r.redact = redact_options(g, g.format == Format::markdown);
  const auto term = terminal_style(g, STDOUT_FILENO);
  std::string out;
  switch (g.format) {
    case Format::json: out = render::render_json(r); break;
    case Format::markdown: out = render::render_markdown(r); break;
    case Format::prometheus: out = render::render_prometheus(r); break;
    case Format::npd:
      // node-problem-detector's custom plugin contract: 0 OK, 1 problem, anything else unknown.
      out = render::render_npd(r);
      write_stdout(out);
      return r.verdict() == rules::MachineVerdict::Status::not_usable ? kExitNotUsable
             : render::verdict_unknown(r)                            ? kExitUsage
                                                                     : kExitUsable;
    case Format::text: {
      render::TextOptions opt;
      opt.color = term.color;
      opt.unicode = term.utf8;
      opt.verbose = g.verbose;
      out = render::render_text(r, opt);
      break;
    }
  }
  out = for_terminal(std::move(out), term, g.format == Format::json);
  write_stdout(out);
  switch (r.verdict()) {
    case rules::MachineVerdict::Status::usable: return kExitUsable;
    case rules::MachineVerdict::Status::not_usable: return kExitNotUsable;
    case rules::MachineVerdict::Status::unknown:
      // The report says why; stderr carries the one line a script logs.
      std::fprintf(stderr, "gpudoctor: could not judge whether the GPU is usable: %s\n", r.unknown.front().c_str());
      return kExitUsage;
  }
  return kExitInternal;
}

}  // namespace gpudoctor::cli
