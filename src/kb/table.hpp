#pragma once
// Knowledge-base tables are TSV files: '#' lines are comments ("# source: ..." names
// where the rows come from), the first other line is the header, then one row a line.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::kb {

struct Table {
  std::string name;                  // "kb/gpus.tsv"
  std::vector<std::string> sources;  // from "# source:" lines
  std::string date;                  // from a "# date:" line, "YYYY-MM-DD"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;

  std::optional<size_t> column(std::string_view col) const;
  // Value of `col` in row `r`, "" when the column is missing or the row short.
  const std::string& get(size_t r, std::string_view col) const;
};

// Throws std::runtime_error("<name>:<line>: <reason>") on a malformed table.
Table parse_table(std::string_view name, std::string_view text);

// The columns the code reads from the table `name` ("kb/gpus.tsv"); nullptr for a table
// gpudoctor does not know. A `kb/messages_*.tsv` other than the fixed ones is a pattern
// table. A missing column would read as "" in every row and turn rules off silently.
const std::vector<std::string_view>* expected_columns(std::string_view name);

// Checks the header of `text` (only the header: tables parse lazily) against
// expected_columns(name). Throws std::runtime_error naming the file and the column
// ("kb/gpus.tsv: no column 'compute_capability' (header: ...)"), or "unknown table" when
// `name` is not a table gpudoctor knows.
void check_columns(std::string_view name, std::string_view text);

}  // namespace gpudoctor::kb
