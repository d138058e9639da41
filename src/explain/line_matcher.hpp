#pragma once
// Matches one log segment against every message pattern without running every regex: a
// literal prefilter (the atoms FilteredRE2 extracts, found by one Aho–Corasick pass) names
// the few patterns that could match; RE2 then tries those, best prio first, and the first
// that matches wins and yields its named captures.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include "explain/literal_matcher.hpp"

namespace gpudoctor::explain {

struct MessagePattern;

struct LineMatch {
  int pattern = -1;  // index into MessageKb::patterns()
  std::vector<std::pair<std::string, std::string>> captures;  // non-empty named captures
  uint64_t context = 0;  // bit i: context keyword i occurs in the line (set even when no pattern matched)
};

class LineMatcher {
 public:
  // Throws std::runtime_error("<id>: <reason>") for a pattern RE2 rejects or one without a
  // literal the prefilter could use (it would have to run on every line).
  // `context` are up to 64 more literals found in the same Aho–Corasick pass (the context
  // readers' keywords, explain/context.hpp), reported in LineMatch::context.
  explicit LineMatcher(const std::vector<MessagePattern>& patterns, const std::vector<std::string>& context = {});

  // Per-caller buffers, so matching allocates nothing in the steady state. The candidates
  // follow from the set of atoms alone, and a log repeats a few messages many times: they
  // are remembered per atom set (bounded), which spares FilteredRE2's prefilter-tree walk
  // (it allocates per call) and the sort on most matching lines.
  struct Scratch {
    std::vector<int> atoms;
    std::vector<int> candidates;
    std::vector<re2::StringPiece> groups;
    std::string key;
    std::unordered_map<std::string, std::vector<int>> by_atoms;
  };

  bool match(std::string_view text, Scratch& scratch, LineMatch& out) const;

  // All patterns that match (tests: a line must match its own row and win).
  std::vector<int> all_matches(std::string_view text) const;

  size_t atom_count() const { return atoms_.size(); }
  const std::vector<std::string>& atoms() const { return atoms_; }

 private:
  struct Entry {
    int prio = 50;
    std::vector<std::pair<std::string, int>> named;  // capture name -> group index
    int ngroups = 0;
  };
  re2::FilteredRE2 filter_;
  std::vector<std::string> atoms_;
  LiteralMatcher literals_;  // atoms_, then the context keywords
  std::vector<Entry> entries_;
};

}  // namespace gpudoctor::explain
