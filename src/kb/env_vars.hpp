#pragma once
// kb/env_vars.tsv: the environment variables a report may show, each with why it matters to
// the GPU and which rules read it. An allow-list: a name no row with shown=yes matches is
// left out of the facts and of every output.
#include <string>
#include <string_view>
#include <vector>

#include "kb/kb.hpp"

namespace gpudoctor::kb {

struct EnvVarRow {
  std::string pattern;  // "CUDA_VISIBLE_DEVICES", or a prefix "CUDA_*"
  bool shown = false;
  std::string reason;
  std::vector<std::string> read_by;  // finding codes, "probe:AREA"
};

class EnvVarList {
 public:
  // Throws std::runtime_error when kb/env_vars.tsv is missing or a row is malformed.
  static EnvVarList load(const Kb& kb);
  static EnvVarList from_table(const Table& t);
  // The embedded table, parsed once (renderers given no list use it).
  static const EnvVarList& embedded();

  // The most specific row for `name`: an exact name before any prefix, a longer prefix
  // before a shorter one. nullptr when none matches.
  const EnvVarRow* match(std::string_view name) const;
  bool shown(std::string_view name) const {
    const EnvVarRow* r = match(name);
    return r && r->shown;
  }
  const std::vector<EnvVarRow>& rows() const { return rows_; }

 private:
  std::vector<EnvVarRow> rows_;
};

}  // namespace gpudoctor::kb
