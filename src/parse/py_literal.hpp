#pragma once
// A reader for the small subset of Python literals that generated metadata files
// (TensorFlow's build_info.py, torch/version.py) contain: strings, numbers, True,
// False, None, lists, tuples, dicts and `[collections.]OrderedDict(...)` calls.
// Lets gpudoctor read them without running Python.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct PyPair;

struct PyValue {
  enum class Kind { none, boolean, number, string, list, dict };
  Kind kind = Kind::none;
  bool b = false;
  std::string text;                                    // string value, or a number as written
  std::vector<PyValue> items;                          // list and tuple elements
  // A vector of pair<string, PyValue> would need PyValue complete here (clang rejects it).
  std::vector<PyPair> pairs;                           // dict items with string keys, in order

  bool is_string() const { return kind == Kind::string; }
  const PyValue* get(std::string_view key) const;  // dict lookup
};

struct PyPair {
  std::string first;
  PyValue second;
  PyPair() = default;
  PyPair(std::string k, PyValue v) : first(std::move(k)), second(std::move(v)) {}
};

// Parses one literal expression starting at `text`; `consumed` gets its length.
ParseResult<PyValue> parse_py_literal(std::string_view text, size_t* consumed = nullptr);

// Module-level "name = <literal>" and "name: <annotation> = <literal>" assignments
// whose right-hand side is a literal; other statements are skipped.
std::vector<std::pair<std::string, PyValue>> parse_py_assignments(std::string_view module_text);

}  // namespace gpudoctor::parse
