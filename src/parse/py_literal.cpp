#include "parse/py_literal.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

using Result = ParseResult<PyValue>;

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  size_t pos() const { return i_; }

  Result value(int depth) {
    if (depth > 32) return Result::fail("nested too deeply");
    skip();
    if (i_ >= s_.size()) return Result::fail("unexpected end of input");
    char c = s_[i_];
    if (c == '\'' || c == '"') return string();
    if (c == '[' || c == '(') return sequence(depth, c == '[' ? ']' : ')');
    if (c == '{') return dict(depth);
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number();
    if (is_ident(c)) return name(depth);
    return Result::fail(std::string("unexpected character '") + c + "'");
  }

 private:
  void skip() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (std::isspace(static_cast<unsigned char>(c)) || c == '\\') {
        ++i_;
      } else {
        break;
      }
    }
  }

  Result string() {
    char q = s_[i_];
    // Triple quotes only appear in docstrings, not in these values; treat them as errors.
    ++i_;
    PyValue v;
    v.kind = PyValue::Kind::string;
    while (i_ < s_.size() && s_[i_] != q) {
      if (s_[i_] == '\n') return Result::fail("unterminated string");
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        ++i_;
        char e = s_[i_];
        v.text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        v.text += s_[i_];
      }
      ++i_;
    }
    if (i_ >= s_.size()) return Result::fail("unterminated string");
    ++i_;
    // Adjacent literals concatenate ('a' 'b'). Without one, the reader stays right after
    // the quote: skipping on would swallow the newline and with it the next assignment.
    size_t after = i_;
    skip();
    if (i_ < s_.size() && (s_[i_] == '\'' || s_[i_] == '"')) {
      auto more = string();
      if (!more) return more;
      v.text += more->text;
    } else {
      i_ = after;
    }
    return Result::ok(std::move(v));
  }

  Result number() {
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) ++i_;
    PyValue v;
    v.kind = PyValue::Kind::number;
    v.text = std::string(s_.substr(start, i_ - start));
    return Result::ok(std::move(v));
  }

  Result sequence(int depth, char close) {
    ++i_;
    PyValue v;
    v.kind = PyValue::Kind::list;
    for (;;) {
      skip();
      if (i_ >= s_.size()) return Result::fail("unterminated list");
      if (s_[i_] == close) {
        ++i_;
        return Result::ok(std::move(v));
      }
      auto item = value(depth + 1);
      if (!item) return item;
      v.items.push_back(std::move(*item.value));
      skip();
      if (i_ < s_.size() && s_[i_] == ',') ++i_;
      else if (i_ < s_.size() && s_[i_] != close) return Result::fail("expected ',' in list");
    }
  }

  Result dict(int depth) {
    ++i_;
    PyValue v;
    v.kind = PyValue::Kind::dict;
    for (;;) {
      skip();
      if (i_ >= s_.size()) return Result::fail("unterminated dict");
      if (s_[i_] == '}') {
        ++i_;
        return Result::ok(std::move(v));
      }
      auto key = value(depth + 1);
      if (!key) return key;
      skip();
      if (i_ >= s_.size() || s_[i_] != ':') return Result::fail("expected ':' in dict");
      ++i_;
      auto val = value(depth + 1);
      if (!val) return val;
      v.pairs.emplace_back(key->text, std::move(*val.value));
      skip();
      if (i_ < s_.size() && s_[i_] == ',') ++i_;
      else if (i_ < s_.size() && s_[i_] != '}') return Result::fail("expected ',' in dict");
    }
  }

  // True/False/None, or a call OrderedDict(<list of pairs or dict>) / dict(...).
  Result name(int depth) {
    size_t start = i_;
    while (i_ < s_.size() && is_ident(s_[i_])) ++i_;
    std::string_view id = s_.substr(start, i_ - start);
    PyValue v;
    if (id == "True" || id == "False") {
      v.kind = PyValue::Kind::boolean;
      v.b = id == "True";
      return Result::ok(std::move(v));
    }
    if (id == "None") return Result::ok(std::move(v));
    skip();
    if (i_ >= s_.size() || s_[i_] != '(') return Result::fail("unsupported name " + std::string(id));
    if (id != "OrderedDict" && id != "collections.OrderedDict" && id != "dict")
      return Result::fail("unsupported call " + std::string(id));
    ++i_;
    skip();
    PyValue out;
    out.kind = PyValue::Kind::dict;
    if (i_ < s_.size() && s_[i_] != ')') {
      auto arg = value(depth + 1);
      if (!arg) return arg;
      if (arg->kind == PyValue::Kind::dict) {
        out = std::move(*arg.value);
      } else if (arg->kind == PyValue::Kind::list) {
        for (auto& pair : arg.value->items) {
          if (pair.kind != PyValue::Kind::list || pair.items.size() != 2)
            return Result::fail("OrderedDict item is not a (key, value) pair");
          out.pairs.emplace_back(pair.items[0].text, std::move(pair.items[1]));
        }
      } else {
        return Result::fail("unsupported OrderedDict argument");
      }
      skip();
    }
    if (i_ >= s_.size() || s_[i_] != ')') return Result::fail("unterminated call");
    ++i_;
    return Result::ok(std::move(out));
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

const PyValue* PyValue::get(std::string_view key) const {
  for (const auto& [k, v] : pairs)
    if (k == key) return &v;
  return nullptr;
}

ParseResult<PyValue> parse_py_literal(std::string_view text, size_t* consumed) {
  Reader r(text);
  auto v = r.value(0);
  if (consumed) *consumed = r.pos();
  return v;
}

std::vector<std::pair<std::string, PyValue>> parse_py_assignments(std::string_view module) {
  std::vector<std::pair<std::string, PyValue>> out;
  size_t i = 0;
  while (i < module.size()) {
    size_t eol = module.find('\n', i);
    if (eol == std::string_view::npos) eol = module.size();
    std::string_view line = module.substr(i, eol - i);
    size_t next = eol + 1;
    // Only unindented lines that start with an identifier can be module assignments.
    if (!line.empty() && (std::isalpha(static_cast<unsigned char>(line[0])) || line[0] == '_')) {
      size_t n = 0;
      while (n < line.size() && (std::isalnum(static_cast<unsigned char>(line[n])) || line[n] == '_')) ++n;
      std::string name(line.substr(0, n));
      size_t j = n;
      while (j < line.size() && line[j] == ' ') ++j;
      if (j < line.size() && line[j] == ':') {  // annotation: skip to '='
        size_t eq = line.find('=', j);
        j = eq == std::string_view::npos ? line.size() : eq;
      }
      if (j < line.size() && line[j] == '=' && (j + 1 >= line.size() || line[j + 1] != '=')) {
        size_t start = i + j + 1;
        size_t used = 0;
        auto v = parse_py_literal(module.substr(start), &used);
        if (v) {
          out.emplace_back(std::move(name), std::move(*v.value));
          size_t end = start + used;
          next = std::max(next, module.find('\n', end) == std::string_view::npos ? module.size()
                                                                                   : module.find('\n', end) + 1);
        }
      }
    }
    i = next;
  }
  return out;
}

}  // namespace gpudoctor::parse
