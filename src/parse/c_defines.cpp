#include "parse/c_defines.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string_view strip_comment(std::string_view v) {
  size_t cut = std::min(v.find("//"), v.find("/*"));
  if (cut != std::string_view::npos) v = v.substr(0, cut);
  return util::trim(v);
}

}  // namespace

std::optional<std::string> find_define(std::string_view header, std::string_view name) {
  if (name.empty()) return std::nullopt;
  for (const auto& raw : util::split_lines(header)) {
    std::string_view line = util::trim(raw);
    if (line.empty() || line.front() != '#') continue;
    line.remove_prefix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!util::starts_with(line, "define")) continue;
    line.remove_prefix(6);
    if (line.empty() || (line.front() != ' ' && line.front() != '\t')) continue;
    line = util::trim(line);
    if (!util::starts_with(line, name)) continue;
    std::string_view rest = line.substr(name.size());
    if (!rest.empty() && (is_ident_char(rest.front()) || rest.front() == '(')) continue;  // longer name, or function-like
    return std::string(strip_comment(rest));
  }
  return std::nullopt;
}

std::optional<long long> find_define_int(std::string_view header, std::string_view name) {
  auto text = find_define(header, name);
  if (!text) return std::nullopt;
  std::string_view v = *text;
  while (v.size() >= 2 && v.front() == '(' && v.back() == ')') v = util::trim(v.substr(1, v.size() - 2));
  while (!v.empty() && (v.back() == 'U' || v.back() == 'u' || v.back() == 'L' || v.back() == 'l')) v.remove_suffix(1);
  bool hex = util::starts_with(v, "0x") || util::starts_with(v, "0X");
  return util::parse_int(v, hex ? 16 : 10);
}

std::optional<std::string> version_from_defines(std::string_view header, std::string_view major,
                                                std::string_view minor, std::string_view patch) {
  auto value = [&](std::string_view name) -> std::optional<long long> {
    if (auto v = find_define_int(header, name)) return v;
    auto text = find_define(header, name);
    if (!text || text->empty() || !(std::isalpha(static_cast<unsigned char>(text->front())) || text->front() == '_'))
      return std::nullopt;
    for (char c : *text)
      if (!is_ident_char(c)) return std::nullopt;
    return find_define_int(header, *text);
  };
  auto a = value(major), b = value(minor), c = value(patch);
  if (!a || !b || !c || *a < 0 || *b < 0 || *c < 0) return std::nullopt;
  return std::to_string(*a) + "." + std::to_string(*b) + "." + std::to_string(*c);
}

}  // namespace gpudoctor::parse
