#include "kb/table.hpp"

#include <stdexcept>

#include "util/strings.hpp"

namespace gpudoctor::kb {

std::optional<size_t> Table::column(std::string_view col) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == col) return i;
  return std::nullopt;
}

const std::string& Table::get(size_t r, std::string_view col) const {
  static const std::string kEmpty;
  auto c = column(col);
  if (!c || r >= rows.size() || *c >= rows[r].size()) return kEmpty;
  return rows[r][*c];
}

Table parse_table(std::string_view name, std::string_view text) {
  Table t;
  t.name = std::string(name);
  int lineno = 0;
  for (const auto& raw : util::split_lines(text)) {
    ++lineno;
    std::string_view line = raw;
    if (util::trim(line).empty()) continue;
    if (line.front() == '#') {
      auto body = util::trim(line.substr(1));
      if (util::starts_with(body, "source:")) t.sources.emplace_back(util::trim(body.substr(7)));
      if (util::starts_with(body, "date:")) t.date = std::string(util::trim(body.substr(5)));
      continue;
    }
    std::vector<std::string> fields;
    for (auto f : util::split(line, '\t')) fields.emplace_back(util::trim(f));
    if (t.columns.empty()) {
      t.columns = std::move(fields);
      continue;
    }
    if (fields.size() > t.columns.size())
      throw std::runtime_error(std::string(name) + ":" + std::to_string(lineno) + ": " +
                               std::to_string(fields.size()) + " fields, header has " +
                               std::to_string(t.columns.size()));
    fields.resize(t.columns.size());
    t.rows.push_back(std::move(fields));
  }
  if (t.columns.empty()) throw std::runtime_error(std::string(name) + ": no header line");
  return t;
}

}  // namespace gpudoctor::kb
