#include "explain/line_matcher.hpp"

#include <algorithm>
#include <stdexcept>

#include "explain/message_kb.hpp"

namespace gpudoctor::explain {

namespace {

// Atoms shorter than this would make nearly every line a candidate.
constexpr int kMinAtomLen = 3;

// Distinct atom sets remembered per Scratch; a log has few, a fuzzer many.
constexpr size_t kCachedAtomSets = 1024;

re2::RE2::Options pattern_options() {
  re2::RE2::Options o;
  o.set_encoding(re2::RE2::Options::EncodingLatin1);  // logs are bytes; never reject bad UTF-8
  o.set_log_errors(false);
  return o;
}

}  // namespace

LineMatcher::LineMatcher(const std::vector<MessagePattern>& patterns, const std::vector<std::string>& context)
    : filter_(kMinAtomLen) {
  if (context.size() > 64) throw std::runtime_error("line matcher: more than 64 context keywords");
  for (const auto& p : patterns) {
    int id = -1;
    auto err = filter_.Add(p.pattern, pattern_options(), &id);
    if (err != re2::RE2::NoError) {
      re2::RE2 probe(p.pattern, pattern_options());
      throw std::runtime_error(p.id + ": bad pattern: " + probe.error());
    }
    if (id != static_cast<int>(entries_.size())) throw std::runtime_error(p.id + ": pattern ids out of step");
    const re2::RE2& re = filter_.GetRE2(id);
    Entry e;
    e.prio = p.prio;
    e.ngroups = re.NumberOfCapturingGroups() + 1;
    for (const auto& [name, index] : re.NamedCapturingGroups()) e.named.emplace_back(name, index);
    entries_.push_back(std::move(e));
  }
  filter_.Compile(&atoms_);
  // Regexes without atoms pass the filter for every text; refuse them rather than quietly
  // running them on every candidate line.
  std::vector<int> unfiltered;
  filter_.AllPotentials({}, &unfiltered);
  if (!unfiltered.empty())
    throw std::runtime_error(patterns[static_cast<size_t>(unfiltered.front())].id +
                             ": pattern has no literal of 3+ characters for the prefilter");
  std::vector<std::string> literals = atoms_;
  literals.insert(literals.end(), context.begin(), context.end());
  literals_ = LiteralMatcher(literals);
}

bool LineMatcher::match(std::string_view text, Scratch& s, LineMatch& out) const {
  s.atoms.clear();
  out.context = 0;
  literals_.find(text, s.atoms);
  if (s.atoms.empty()) return false;
  // Context keywords come after the atoms: take them out (rare, so only then a second look).
  const int natoms = static_cast<int>(atoms_.size());
  if (std::any_of(s.atoms.begin(), s.atoms.end(), [natoms](int a) { return a >= natoms; })) {
    for (int a : s.atoms)
      if (a >= natoms) out.context |= uint64_t{1} << (a - natoms);
    s.atoms.erase(std::remove_if(s.atoms.begin(), s.atoms.end(), [natoms](int a) { return a >= natoms; }),
                  s.atoms.end());
    if (s.atoms.empty()) return false;
  }
  std::sort(s.atoms.begin(), s.atoms.end());
  s.atoms.erase(std::unique(s.atoms.begin(), s.atoms.end()), s.atoms.end());
  s.key.assign(reinterpret_cast<const char*>(s.atoms.data()), s.atoms.size() * sizeof(int));
  const std::vector<int>* candidates;
  if (auto it = s.by_atoms.find(s.key); it != s.by_atoms.end()) {
    candidates = &it->second;
  } else {
    filter_.AllPotentials(s.atoms, &s.candidates);
    // Best first: higher prio, then the earlier row.
    std::sort(s.candidates.begin(), s.candidates.end(), [this](int a, int b) {
      const auto& ea = entries_[static_cast<size_t>(a)];
      const auto& eb = entries_[static_cast<size_t>(b)];
      return ea.prio != eb.prio ? ea.prio > eb.prio : a < b;
    });
    if (s.by_atoms.size() >= kCachedAtomSets) s.by_atoms.clear();  // bounded memory on any input
    candidates = &s.by_atoms.emplace(s.key, s.candidates).first->second;
  }
  if (candidates->empty()) return false;
  re2::StringPiece input(text.data(), text.size());
  for (int id : *candidates) {
    const Entry& e = entries_[static_cast<size_t>(id)];
    const re2::RE2& re = filter_.GetRE2(id);
    // Rows without captures need only a yes/no (the DFA alone). For the others RE2's
    // Match runs the DFA first to find the match and its span and reads the submatches
    // inside that span only, so one call both confirms and captures.
    if (e.named.empty()) {
      if (!re.Match(input, 0, input.size(), re2::RE2::UNANCHORED, nullptr, 0)) continue;
      out.pattern = id;
      out.captures.clear();
      return true;
    }
    s.groups.assign(static_cast<size_t>(e.ngroups), re2::StringPiece());
    if (!re.Match(input, 0, input.size(), re2::RE2::UNANCHORED, s.groups.data(), e.ngroups)) continue;
    out.pattern = id;
    // The strings of the previous line's captures are reused (assign, not construct): no
    // allocation per line once they have grown.
    size_t n = 0;
    for (const auto& [name, index] : e.named) {
      const auto& g = s.groups[static_cast<size_t>(index)];
      if (g.data() == nullptr || g.empty()) continue;
      if (n == out.captures.size()) out.captures.emplace_back();
      out.captures[n].first.assign(name);
      out.captures[n].second.assign(g.data(), g.size());
      ++n;
    }
    out.captures.resize(n);
    return true;
  }
  return false;
}

std::vector<int> LineMatcher::all_matches(std::string_view text) const {
  std::vector<int> out;
  re2::StringPiece input(text.data(), text.size());
  for (size_t i = 0; i < entries_.size(); ++i)
    if (re2::RE2::PartialMatch(input, filter_.GetRE2(static_cast<int>(i)))) out.push_back(static_cast<int>(i));
  return out;
}

}  // namespace gpudoctor::explain
