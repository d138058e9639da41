#include "kb/env_vars.hpp"

#include <stdexcept>

#include "util/strings.hpp"

namespace gpudoctor::kb {

EnvVarList EnvVarList::from_table(const Table& t) {
  EnvVarList l;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    EnvVarRow row;
    row.pattern = t.get(r, "pattern");
    const std::string& shown = t.get(r, "shown");
    if (row.pattern.empty() || (shown != "yes" && shown != "no"))
      throw std::runtime_error(t.name + ": row " + std::to_string(r + 1) + ": needs a pattern and shown=yes|no");
    row.shown = shown == "yes";
    row.reason = t.get(r, "reason");
    for (auto code : util::split(t.get(r, "read_by"), ' '))
      if (!code.empty() && code != "-") row.read_by.emplace_back(code);
    l.rows_.push_back(std::move(row));
  }
  return l;
}

EnvVarList EnvVarList::load(const Kb& kb) {
  const Table* t = kb.table("kb/env_vars.tsv");
  if (!t) throw std::runtime_error("the knowledge base has no kb/env_vars.tsv");
  return from_table(*t);
}

const EnvVarList& EnvVarList::embedded() {
  static const EnvVarList l = load(Kb::load());
  return l;
}

const EnvVarRow* EnvVarList::match(std::string_view name) const {
  const EnvVarRow* best = nullptr;
  size_t best_len = 0;
  for (const auto& r : rows_) {
    std::string_view p = r.pattern;
    if (!p.empty() && p.back() == '*') {
      p.remove_suffix(1);
      if (!util::starts_with(name, p) || (best && p.size() <= best_len)) continue;
      best = &r;
      best_len = p.size();
    } else if (name == p) {
      return &r;
    }
  }
  return best;
}

}  // namespace gpudoctor::kb
