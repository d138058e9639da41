#include "fleet/nodeset.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace gpudoctor::fleet {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// One name: text runs around its digit runs ("r", "n", "" around "1", "2" for r1n2).
struct Split {
  std::string pattern;             // "r%sn%s"
  std::vector<std::string> texts;  // size numbers + 1
  std::vector<std::string> numbers;
};

Split split(const std::string& name) {
  Split s;
  std::string text;
  size_t i = 0;
  while (i < name.size()) {
    if (is_digit(name[i])) {
      size_t j = i;
      while (j < name.size() && is_digit(name[j])) ++j;
      s.texts.push_back(text);
      s.pattern += text + "%s";
      text.clear();
      s.numbers.push_back(name.substr(i, j - i));
      i = j;
    } else {
      text += name[i++];
    }
  }
  s.texts.push_back(text);
  s.pattern += text;
  return s;
}

// (width, value) order: for digit strings of one width, byte order is numeric order.
struct ByWidth {
  bool operator()(const std::string& a, const std::string& b) const {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  }
};
using NumberSet = std::set<std::string, ByWidth>;

bool padded(const std::string& n) { return n.size() > 1 && n[0] == '0'; }

// a + 1 == b for digit strings, without overflow for long ones.
bool successor(const std::string& a, const std::string& b) {
  std::string s = a;
  size_t i = s.size();
  while (i > 0) {
    --i;
    if (s[i] != '9') {
      ++s[i];
      break;
    }
    s[i] = '0';
    if (i == 0) s.insert(s.begin(), '1');
  }
  // Compare as numbers: strip leading zeros of both.
  auto strip = [](const std::string& x) {
    size_t k = x.find_first_not_of('0');
    return k == std::string::npos ? std::string("0") : x.substr(k);
  };
  return strip(s) == strip(b);
}

std::string fold_numbers(const NumberSet& set) {
  std::string out;
  std::vector<std::string> v(set.begin(), set.end());
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j + 1 < v.size() && successor(v[j], v[j + 1]) &&
           (v[j].size() == v[j + 1].size() || (!padded(v[j]) && !padded(v[j + 1]))))
      ++j;
    if (!out.empty()) out += ',';
    out += j == i ? v[i] : v[i] + "-" + v[j];
    i = j + 1;
  }
  return out;
}

std::string show(const NumberSet& set) {
  std::string f = fold_numbers(set);
  return set.size() == 1 ? f : "[" + f + "]";
}

// Entries of one pattern: a number set per position.
using Entry = std::vector<NumberSet>;

// As ClusterShell lists the folded entries of one pattern: larger sets first, position
// by position; then by the first number of each position.
struct EntryLess {
  bool operator()(const Entry& a, const Entry& b) const {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (a[i].size() != b[i].size()) return a[i].size() > b[i].size();
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
      const auto &x = *a[i].begin(), &y = *b[i].begin();
      if (x != y) return ByWidth()(x, y);
    }
    return false;
  }
};

// Folds position `dim` and every position after it: entries that agree on all other
// positions merge their sets at `dim`.
std::vector<Entry> fold_dims(const std::vector<std::vector<std::string>>& tuples, size_t dims) {
  std::vector<Entry> entries;
  for (const auto& t : tuples) {
    Entry e;
    for (const auto& n : t) e.push_back(NumberSet{n});
    entries.push_back(std::move(e));
  }
  for (size_t d = dims; d-- > 0;) {
    // Key: every position but d, shown.
    std::map<std::vector<std::string>, Entry> merged;
    std::vector<std::vector<std::string>> order;
    for (auto& e : entries) {
      std::vector<std::string> key;
      for (size_t k = 0; k < e.size(); ++k) key.push_back(k == d ? "" : fold_numbers(e[k]));
      auto it = merged.find(key);
      if (it == merged.end()) {
        merged.emplace(key, e);
        order.push_back(key);
      } else {
        it->second[d].insert(e[d].begin(), e[d].end());
      }
    }
    entries.clear();
    for (const auto& k : order) entries.push_back(merged[k]);
  }
  std::sort(entries.begin(), entries.end(), EntryLess());
  return entries;
}

}  // namespace

std::string fold_nodeset(const std::vector<std::string>& names) {
  // pattern -> its texts and the number tuples of its names
  std::map<std::string, std::pair<std::vector<std::string>, std::set<std::vector<std::string>>>> patterns;
  for (const auto& n : names) {
    if (n.empty()) continue;
    auto s = split(n);
    auto& p = patterns[s.pattern];
    p.first = s.texts;
    p.second.insert(s.numbers);
  }
  std::string out;
  for (const auto& [pattern, p] : patterns) {
    const auto& texts = p.first;
    std::vector<std::vector<std::string>> tuples(p.second.begin(), p.second.end());
    for (const auto& e : fold_dims(tuples, texts.size() - 1)) {
      std::string name = texts[0];
      for (size_t i = 0; i < e.size(); ++i) name += show(e[i]) + texts[i + 1];
      if (!out.empty()) out += ',';
      out += name;
    }
  }
  return out;
}

}  // namespace gpudoctor::fleet
