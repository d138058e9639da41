#include "parse/python_metadata.hpp"

#include <cctype>

#include "parse/dist_info.hpp"
#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

std::string strip_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '(' && c != ')') out += c;
  return out;
}

// The first quoted value after "extra" in a marker: extra == 'and-cuda'.
std::string marker_extra(std::string_view marker) {
  auto pos = marker.find("extra");
  if (pos == std::string_view::npos) return "";
  auto q = marker.find_first_of("'\"", pos);
  if (q == std::string_view::npos) return "";
  auto e = marker.find(marker[q], q + 1);
  if (e == std::string_view::npos) return "";
  return normalize_dist_name(marker.substr(q + 1, e - q - 1));
}

std::string bound_after(std::string_view spec, std::string_view op) {
  for (auto part : util::split(spec, ',')) {
    part = util::trim(part);
    if (!util::starts_with(part, op)) continue;
    auto rest = part.substr(op.size());
    // "==" must not match "===".
    if (!rest.empty() && rest.front() == '=') continue;
    return std::string(util::trim(rest));
  }
  return "";
}

}  // namespace

Requirement parse_requirement(std::string_view line) {
  Requirement r;
  auto semi = line.find(';');
  std::string_view head = util::trim(line.substr(0, semi));
  if (semi != std::string_view::npos) r.marker = std::string(util::trim(line.substr(semi + 1)));
  // The name ends at the first character that cannot be part of a PEP 508 name; an
  // "[extra]" list after it is skipped.
  size_t i = 0;
  while (i < head.size() && (std::isalnum(static_cast<unsigned char>(head[i])) || head[i] == '-' ||
                             head[i] == '_' || head[i] == '.'))
    ++i;
  r.name = normalize_dist_name(head.substr(0, i));
  std::string_view rest = head.substr(i);
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    rest = close == std::string_view::npos ? std::string_view() : rest.substr(close + 1);
  }
  r.specifier = strip_spaces(rest);
  r.extra = marker_extra(r.marker);
  return r;
}

ParseResult<CoreMetadata> parse_core_metadata(std::string_view text) {
  CoreMetadata m;
  std::string key, value;
  auto flush = [&] {
    if (key.empty()) return;
    std::string k = util::to_lower(key);
    if (k == "name") m.name = value;
    else if (k == "version") m.version = value;
    else if (k == "requires-python") m.requires_python = strip_spaces(value);
    else if (k == "requires-dist") m.requires_dist.push_back(parse_requirement(value));
    else if (k == "provides-extra") m.provides_extra.push_back(normalize_dist_name(value));
    else if (k == "classifier") m.classifiers.push_back(value);
    key.clear();
    value.clear();
  };
  for (const auto& raw : util::split_lines(text)) {
    std::string_view line = raw;
    if (util::trim(line).empty()) break;  // end of headers; the body follows
    if (line.front() == ' ' || line.front() == '\t') {
      value += ' ';  // RFC 822 continuation line
      value += util::trim(line);
      continue;
    }
    flush();
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // tolerate junk lines, as pip does
    key = std::string(util::trim(line.substr(0, colon)));
    value = std::string(util::trim(line.substr(colon + 1)));
  }
  flush();
  if (m.name.empty()) return ParseResult<CoreMetadata>::fail("no Name: header");
  return ParseResult<CoreMetadata>::ok(std::move(m));
}

std::optional<DistDirName> parse_dist_dir_name(std::string_view dir) {
  DistDirName d;
  while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
  if (util::ends_with(dir, ".dist-info")) {
    dir.remove_suffix(10);
  } else if (util::ends_with(dir, ".egg-info")) {
    dir.remove_suffix(9);
    d.egg_info = true;
  } else {
    return std::nullopt;
  }
  auto dash = dir.find('-');
  d.name = std::string(dir.substr(0, dash));
  if (dash != std::string_view::npos) {
    std::string_view ver = dir.substr(dash + 1);
    auto py = ver.find("-py");  // egg-info: "1.0-py3.11"
    d.version = std::string(ver.substr(0, py));
  }
  if (d.name.empty()) return std::nullopt;
  return d;
}

std::string pinned_version(std::string_view specifier) { return bound_after(specifier, "=="); }
std::string minimum_version(std::string_view specifier) { return bound_after(specifier, ">="); }

std::string wheel_python_tag(std::string_view wheel_file) {
  for (const auto& raw : util::split_lines(wheel_file)) {
    std::string_view line = util::trim(raw);
    if (!util::starts_with(line, "Tag:")) continue;
    auto parts = util::split(util::trim(line.substr(4)), '-');
    if (parts.size() < 2 || !util::starts_with(parts[0], "cp") || parts[1] == "abi3") continue;
    std::string_view digits = parts[0].substr(2);
    if (digits.size() < 2) continue;
    return std::string(digits.substr(0, 1)) + "." + std::string(digits.substr(1));
  }
  return "";
}

}  // namespace gpudoctor::parse
