#include "explain/explain.hpp"

#include <algorithm>
#include <numeric>
#include <sstream>
#include <unordered_map>

#include "explain/line_matcher.hpp"
#include "explain/paste_judge.hpp"
#include "explain/paste_text.hpp"
#include "explain/quote.hpp"
#include "explain/values.hpp"
#include "rules/registry.hpp"

namespace gpudoctor::explain {
namespace {

// One finding under construction: every line that pointed at the same code and cause.
struct Group {
  std::string code, cause;
  findings::Severity severity = findings::Severity::info;
  std::vector<std::string> messages;
  std::string fix;
  FindingLines lines;
  uint64_t first_line = 0;
};

class Collector {
 public:
  Collector(const MessageKb& kb, const ExplainOptions& opt) : kb_(kb), opt_(opt) {}

  void segment(const Segment& raw, ExplainStats& st) {
    // A pasted report: Markdown, prompts and HTML entities go before matching.
    CleanSegment clean = clean_segment(raw.text, clean_buf_);
    if (clean.fence) return;
    Segment seg = raw;
    seg.text = clean.text;
    bool matched = kb_.matcher().match(seg.text, scratch_, match_);
    if (clean.prompt == Prompt::powershell) context_.windows_prompt(seg.line, raw.text);
    if (match_.context != 0 || context_.wants_next())
      context_.segment(seg.text, seg.line, match_.context, clean.prompt == Prompt::python);
    if (!matched) return;
    const MessagePattern& p = kb_.patterns()[static_cast<size_t>(match_.pattern)];
    // Harmless lines are most of what matches in a long log; when the note has nothing to
    // fill in, count them without building their meaning.
    if ((p.decision == Decision::benign || p.decision == Decision::ok) &&
        p.message.find('{') == std::string::npos) {
      ++st.matched_segments;
      ++(p.decision == Decision::ok ? st.ok_segments : st.benign_segments);
      add_benign(seg, p, p.decision == Decision::ok, p.message);
      return;
    }
    Cached& c = meaning(p);
    const LineMeaning& m = c.m;
    if (m.kind == LineKind::none) return;
    ++st.matched_segments;
    if (m.kind == LineKind::finding) {
      ++st.finding_segments;
      add_finding(seg, p, c);
    } else {
      ++(m.kind == LineKind::ok ? st.ok_segments : st.benign_segments);
      add_benign(seg, p, m.kind == LineKind::ok, m.message);
    }
  }

 private:
  // A line's meaning, and the finding it went into once it did (-1: not yet).
  struct Cached {
    LineMeaning m;
    int group = -1;
  };

  // The same message repeats through a long log with only its timestamp changed, and the
  // timestamp is never captured: the meaning of (row, captures) is computed once. Returned
  // by reference (no copy of its strings and map per line); past the cache's cap the
  // meaning goes into a scratch entry that never remembers its group.
  Cached& meaning(const MessagePattern& p) {
    cache_key_ = std::to_string(match_.pattern);
    for (const auto& [k, v] : match_.captures) {
      cache_key_ += '\0';
      cache_key_ += k;
      cache_key_ += '\1';
      cache_key_ += v;
    }
    if (auto it = cache_.find(cache_key_); it != cache_.end()) return it->second;
    LineMeaning m = interpret(kb_, p, match_.captures);
    if (cache_.size() < kCacheEntries) return cache_.emplace(cache_key_, Cached{std::move(m), -1}).first->second;
    uncached_ = Cached{std::move(m), -1};
    return uncached_;
  }

 public:
  void finish(ExplainResult& r) {
    std::stable_sort(groups_.begin(), groups_.end(),
                     [](const Group& a, const Group& b) { return a.first_line < b.first_line; });
    for (auto& g : groups_) {
      findings::Finding f = rules::make_finding(*rules::find_rule(g.code), join_messages(g));
      f.cause = g.cause;
      f.severity = g.severity;
      const CodeInfo* ci = kb_.code_info(g.code);
      if (ci) f.explanation = ci->explanation;
      if (!g.fix.empty()) f.fix.push_back(g.fix);
      else if (ci && !ci->fix.empty()) f.fix.push_back(fill_template(ci->fix, g.lines.values));
      r.findings.push_back(std::move(f));
      r.lines.push_back(std::move(g.lines));
    }
    r.benign = std::move(benign_);
    r.context = context_.finish();
  }

 private:
  // The same code with another cause (a row's override) stays a separate finding.
  Group& group(const std::string& code, const std::string& cause) {
    for (auto& g : groups_)
      if (g.code == code && g.cause == cause) return g;
    groups_.emplace_back();
    groups_.back().code = code;
    groups_.back().cause = cause;
    return groups_.back();
  }

  void add_finding(const Segment& seg, const MessagePattern& p, Cached& c) {
    // A meaning already added changes nothing but the count and the quotes: everything
    // else it contributes (message, fix, pattern, library, values) is already there.
    if (c.group >= 0) {
      Group& g = groups_[static_cast<size_t>(c.group)];
      ++g.lines.count;
      quote(g.lines.lines, opt_.quoted_per_finding, seg, p);
      return;
    }
    const LineMeaning& m = c.m;
    Group& g = group(m.code, m.cause);
    bool first = g.lines.count == 0;
    if (first) {
      g.first_line = seg.line;
      g.severity = m.severity;
    } else if (m.severity > g.severity) {
      g.severity = m.severity;
    }
    ++g.lines.count;
    if (g.messages.size() <= opt_.messages_per_finding &&
        std::find(g.messages.begin(), g.messages.end(), m.message) == g.messages.end())
      g.messages.push_back(m.message);
    if (g.fix.empty()) g.fix = m.fix;
    if (std::find(g.lines.patterns.begin(), g.lines.patterns.end(), p.id) == g.lines.patterns.end())
      g.lines.patterns.push_back(p.id);
    if (!m.library.empty() || !m.soname.empty()) {
      std::pair<std::string, std::string> lib{m.library, m.soname};
      if (std::find(g.lines.libraries.begin(), g.lines.libraries.end(), lib) == g.lines.libraries.end())
        g.lines.libraries.push_back(std::move(lib));
    }
    for (auto& [k, v] : m.values) g.lines.values.emplace(k, v);
    quote(g.lines.lines, opt_.quoted_per_finding, seg, p);
    if (&c != &uncached_) c.group = static_cast<int>(&g - groups_.data());
  }

  // Quote the first lines, but not the same line twice (a '\r' progress bar repeats it).
  static void quote(std::vector<QuotedLine>& lines, size_t max, const Segment& seg, const MessagePattern& p) {
    if (lines.size() < max && (lines.empty() || lines.back().line != seg.line))
      lines.push_back({seg.line, quote_line(seg.text), p.id});
  }

  void add_benign(const Segment& seg, const MessagePattern& p, bool ok, const std::string& note) {
    // Groups are keyed by row and note; the row pointer is compared first (cheap).
    size_t i = 0;
    while (i < benign_.size() && !(benign_rows_[i] == &p && benign_[i].note == note)) ++i;
    if (i == benign_.size()) {
      benign_.push_back({p.id, ok ? "ok" : "benign", note, 0, {}});
      benign_rows_.push_back(&p);
    }
    BenignGroup& b = benign_[i];
    ++b.count;
    quote(b.lines, opt_.quoted_per_benign, seg, p);
  }

  std::string join_messages(const Group& g) const {
    std::string out;
    size_t shown = std::min(g.messages.size(), opt_.messages_per_finding);
    for (size_t i = 0; i < shown; ++i) out += (i ? "; " : "") + g.messages[i];
    if (g.messages.size() > shown) out += "; ...";
    return out;
  }

  const MessageKb& kb_;
  const ExplainOptions& opt_;
  LineMatcher::Scratch scratch_;
  LineMatch match_;
  std::vector<Group> groups_;
  std::vector<BenignGroup> benign_;
  std::vector<const MessagePattern*> benign_rows_;  // parallel to benign_
  static constexpr size_t kCacheEntries = 4096;
  std::unordered_map<std::string, Cached> cache_;
  Cached uncached_;
  std::string cache_key_;
  std::string clean_buf_;
  ContextReader context_;
};

}  // namespace

bool ExplainResult::has_error() const { return !findings::gpu_usable(findings); }

bool ExplainResult::gpu_seen_working() const {
  return std::any_of(benign.begin(), benign.end(), [](const BenignGroup& b) { return b.kind == "ok"; });
}

const FindingLines* ExplainResult::lines_of(const findings::Finding& f) const {
  for (size_t i = 0; i < findings.size(); ++i)
    if (&findings[i] == &f) return &lines[i];
  return nullptr;
}

void finalize(ExplainResult& r, const MessageKb& kb) {
  // The knowledge base says what its own codes explain; findings of the static rules over
  // pasted facts (explain/paste_judge.hpp) keep what they were given.
  for (auto& f : r.findings)
    if (const CodeInfo* ci = kb.code_info(f.code)) f.explains = ci->explains;
  // fold() sorts; carry the parallel line lists along by remembering each finding's slot.
  std::vector<findings::Finding> sorted = r.findings;
  for (size_t i = 0; i < sorted.size(); ++i) sorted[i].subject = std::to_string(i);
  findings::fold(sorted);
  std::vector<FindingLines> lines;
  lines.reserve(sorted.size());
  for (auto& f : sorted) {
    size_t i = std::stoul(f.subject);
    f.subject = r.findings[i].subject;
    lines.push_back(std::move(r.lines[i]));
  }
  r.findings = std::move(sorted);
  r.lines = std::move(lines);
}

ExplainResult explain_log(std::istream& in, const MessageKb& kb, const ExplainOptions& opt) {
  ExplainResult r;
  Collector c(kb, opt);
  bool ok = scan_lines(
      in, [&](const Segment& s) { c.segment(s, r.stats); }, r.stats.scan, opt.max_segment);
  r.stats.read_error = !ok;
  c.finish(r);
  judge_paste(r, kb, opt.judge);
  finalize(r, kb);
  return r;
}

ExplainResult explain_text(std::string_view text, const MessageKb& kb, const ExplainOptions& opt) {
  std::istringstream in{std::string(text)};
  return explain_log(in, kb, opt);
}

}  // namespace gpudoctor::explain
