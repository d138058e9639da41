#include "explain/message_kb.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "explain/context.hpp"
#include "explain/line_matcher.hpp"
#include "rules/registry.hpp"
#include "util/strings.hpp"

namespace gpudoctor::explain {

struct MessageKb::Compiled {
  std::vector<std::unique_ptr<re2::RE2>> lib_res;  // parallel to libs_
  StatusCodes status;  // errors_ is parallel to status.all()
};

namespace {

[[noreturn]] void fail(const kb::Table& t, size_t row, const std::string& why) {
  std::string where = t.name;
  if (row < t.rows.size() && !t.rows[row].empty()) where += ": " + t.rows[row][0];
  throw std::runtime_error(where + ": " + why);
}

void require_columns(const kb::Table& t, std::initializer_list<const char*> cols) {
  for (const char* c : cols)
    if (!t.column(c)) throw std::runtime_error(t.name + ": missing column " + c);
}

bool is_code(std::string_view code) {
  const rules::RuleInfo* r = rules::find_rule(code);
  return r && r->code == code;
}

std::optional<findings::Severity> parse_severity(const kb::Table& t, size_t r, std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s == "error") return findings::Severity::error;
  if (s == "warning") return findings::Severity::warning;
  if (s == "info") return findings::Severity::info;
  fail(t, r, "bad severity '" + std::string(s) + "'");
}

void read_patterns(const kb::Table& t, std::vector<MessagePattern>& out) {
  require_columns(t, {"id", "framework", "code", "cause", "severity", "prio", "pattern", "message", "fix", "source",
                      "example", "quiet"});
  for (size_t r = 0; r < t.rows.size(); ++r) {
    MessagePattern p;
    p.id = t.get(r, "id");
    p.file = t.name;
    p.framework = t.get(r, "framework");
    std::string code = t.get(r, "code");
    // "@lib:X801" = decided by the lookup, X801 when the lookup knows nothing.
    std::string fallback;
    if (auto colon = code.find(':'); colon != std::string::npos && code[0] == '@') {
      fallback = code.substr(colon + 1);
      code.resize(colon);
    }
    if (code == "benign") p.decision = Decision::benign;
    else if (code == "ok") p.decision = Decision::ok;
    else if (code == "@lib") p.decision = Decision::by_lib;
    else if (code == "@error") p.decision = Decision::by_error;
    else if (code == "@xid") p.decision = Decision::by_xid;
    else if (is_code(code)) p.code = code;
    else fail(t, r, "unknown code '" + code + "'");
    if (!fallback.empty()) {
      if (!is_code(fallback)) fail(t, r, "unknown fallback code '" + fallback + "'");
      p.code = fallback;
    }
    p.cause = t.get(r, "cause");
    p.severity = parse_severity(t, r, t.get(r, "severity"));
    if (const auto& prio = t.get(r, "prio"); !prio.empty()) {
      auto v = util::parse_int(prio);
      if (!v || *v < 0 || *v > 100) fail(t, r, "prio must be 0-100");
      p.prio = static_cast<int>(*v);
    }
    p.pattern = t.get(r, "pattern");
    p.message = t.get(r, "message");
    p.fix = t.get(r, "fix");
    p.source = t.get(r, "source");
    p.example = t.get(r, "example");
    p.quiet = t.get(r, "quiet");
    if (p.id.empty() || p.pattern.empty() || p.message.empty() || p.source.empty())
      fail(t, r, "id, pattern, message and source are required");
    out.push_back(std::move(p));
  }
}

}  // namespace

MessageKb::MessageKb() = default;
MessageKb::MessageKb(MessageKb&&) noexcept = default;
MessageKb& MessageKb::operator=(MessageKb&&) noexcept = default;
MessageKb::~MessageKb() = default;

MessageKb MessageKb::build(const std::vector<const kb::Table*>& pattern_tables,
                           const std::vector<const kb::Table*>& status_tables, const kb::Table& libs,
                           const kb::Table& xids, const kb::Table& codes) {
  MessageKb m;
  for (const auto* t : pattern_tables) read_patterns(*t, m.patterns_);
  std::set<std::string> ids;
  for (const auto& p : m.patterns_)
    if (!ids.insert(p.id).second) throw std::runtime_error(p.file + ": " + p.id + ": duplicate pattern id");

  m.compiled_ = std::make_unique<Compiled>();
  m.compiled_->status = StatusCodes(status_tables);
  for (const auto& c : m.compiled_->status.all()) {
    if (!c.explain.empty() && !is_code(c.explain))
      throw std::runtime_error(c.name + ": unknown explain code '" + c.explain + "'");
    m.errors_.push_back({c.name, c.code.empty() ? c.old_code : c.code, c.text, c.explain, c.cause, c.meaning,
                         std::string(family_name(c.family))});
  }
  require_columns(libs, {"pattern", "library", "code", "cause", "what", "wanted_by"});
  for (size_t r = 0; r < libs.rows.size(); ++r) {
    LibInfo l{libs.get(r, "pattern"), libs.get(r, "library"), libs.get(r, "code"), libs.get(r, "cause"),
              libs.get(r, "what"), libs.get(r, "wanted_by")};
    if (l.code != "benign" && !is_code(l.code)) fail(libs, r, "unknown code '" + l.code + "'");
    re2::RE2::Options o;
    o.set_case_sensitive(false);
    o.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(l.pattern, o);
    if (!re->ok()) fail(libs, r, "bad pattern: " + re->error());
    m.compiled_->lib_res.push_back(std::move(re));
    m.libs_.push_back(std::move(l));
  }

  require_columns(xids, {"xid", "name", "severity", "cause", "meaning"});
  for (size_t r = 0; r < xids.rows.size(); ++r) {
    XidInfo x;
    x.xid = xids.get(r, "xid");
    x.name = xids.get(r, "name");
    x.cause = xids.get(r, "cause");
    x.meaning = xids.get(r, "meaning");
    auto sev = parse_severity(xids, r, xids.get(r, "severity"));
    if (!sev) fail(xids, r, "severity is required");
    x.severity = *sev;
    m.xids_.push_back(std::move(x));
  }

  require_columns(codes, {"code", "explains", "explanation", "fix"});
  for (size_t r = 0; r < codes.rows.size(); ++r) {
    CodeInfo c;
    c.code = codes.get(r, "code");
    if (!is_code(c.code)) fail(codes, r, "unknown code");
    for (auto part : util::split(codes.get(r, "explains"), ' '))
      if (!part.empty()) {
        if (!is_code(part)) fail(codes, r, "explains unknown code '" + std::string(part) + "'");
        c.explains.emplace_back(part);
      }
    c.explanation = codes.get(r, "explanation");
    c.fix = codes.get(r, "fix");
    m.codes_.push_back(std::move(c));
  }

  m.matcher_ = std::make_unique<LineMatcher>(m.patterns_, ContextReader::keywords());
  return m;
}

MessageKb MessageKb::load(const kb::Kb& kb) {
  std::vector<const kb::Table*> pattern_tables;
  auto need = [&](std::string_view name) -> const kb::Table& {
    const kb::Table* t = kb.table(name);
    if (!t) throw std::runtime_error("knowledge base has no " + std::string(name));
    return *t;
  };
  for (const auto& name : kb.files()) {
    if (!util::starts_with(name, "kb/messages_") || !util::ends_with(name, ".tsv")) continue;
    const kb::Table* t = kb.table(name);
    if (t && t->column("id") && t->column("pattern")) pattern_tables.push_back(t);
  }
  if (pattern_tables.empty()) throw std::runtime_error("knowledge base has no kb/messages_*.tsv pattern table");
  auto status = status_tables(kb);
  if (status.empty()) throw std::runtime_error("knowledge base has no kb/status_*.tsv table");
  return build(pattern_tables, status, need("kb/messages_libs.tsv"), need("kb/messages_xid.tsv"),
               need("kb/messages_codes.tsv"));
}

std::vector<const kb::Table*> MessageKb::status_tables(const kb::Kb& kb) {
  std::vector<const kb::Table*> out;
  for (const auto& name : kb.files())
    if (family_of_table(name))
      if (const kb::Table* t = kb.table(name)) out.push_back(t);
  return out;
}

const MessagePattern* MessageKb::pattern(std::string_view id) const {
  for (const auto& p : patterns_)
    if (p.id == id) return &p;
  return nullptr;
}

const ErrorInfo* MessageKb::find_error(std::string_view s) const {
  const StatusCode* c = compiled_->status.decode(s);
  if (!c) return nullptr;
  return &errors_[static_cast<size_t>(c - compiled_->status.all().data())];
}

const StatusCodes& MessageKb::status_codes() const { return compiled_->status; }

const LibInfo* MessageKb::find_lib(std::string_view name) const {
  name = util::trim(name);
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  while (!name.empty() && (name.front() == '\'' || name.front() == '"')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == '\'' || name.back() == '"' || name.back() == '.')) name.remove_suffix(1);
  if (name.empty()) return nullptr;
  re2::StringPiece in(name.data(), name.size());
  for (size_t i = 0; i < libs_.size(); ++i)
    if (re2::RE2::PartialMatch(in, *compiled_->lib_res[i])) return &libs_[i];
  return nullptr;
}

const XidInfo* MessageKb::find_xid(std::string_view xid) const {
  for (const auto& x : xids_)
    if (x.xid == xid) return &x;
  return nullptr;
}

const CodeInfo* MessageKb::code_info(std::string_view code) const {
  for (const auto& c : codes_)
    if (c.code == code) return &c;
  return nullptr;
}

}  // namespace gpudoctor::explain
