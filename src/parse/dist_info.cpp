#include "parse/dist_info.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace gpudoctor::parse {

ParseResult<DistInfoName> parse_dist_info_dirname(std::string_view dirname) {
  constexpr std::string_view kSuffix = ".dist-info";
  while (!dirname.empty() && dirname.back() == '/') dirname.remove_suffix(1);
  if (!util::ends_with(dirname, kSuffix)) return ParseResult<DistInfoName>::fail("not a .dist-info name");
  std::string_view stem = dirname.substr(0, dirname.size() - kSuffix.size());
  size_t dash = stem.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == stem.size())
    return ParseResult<DistInfoName>::fail("no <name>-<version> in " + std::string(dirname));
  DistInfoName out{std::string(stem.substr(0, dash)), std::string(stem.substr(dash + 1))};
  return ParseResult<DistInfoName>::ok(std::move(out));
}

ParseResult<DistMetadata> parse_dist_metadata(std::string_view text) {
  DistMetadata m;
  for (const auto& line : util::split_lines(text)) {
    if (util::trim(line).empty()) break;  // end of the header block; the body is the description
    std::string_view l = line;
    size_t colon = l.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = util::to_lower(util::trim(l.substr(0, colon)));
    std::string_view value = util::trim(l.substr(colon + 1));
    if (key == "name" && m.name.empty()) m.name = std::string(value);
    if (key == "version" && m.version.empty()) m.version = std::string(value);
  }
  if (m.name.empty() && m.version.empty()) return ParseResult<DistMetadata>::fail("no Name or Version header");
  return ParseResult<DistMetadata>::ok(std::move(m));
}

ParseResult<std::vector<RecordRow>> parse_dist_info_record(std::string_view text) {
  std::vector<RecordRow> rows;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  auto end_row = [&] {
    fields.push_back(std::move(field));
    field.clear();
    if (!fields.empty() && !fields[0].empty()) {
      RecordRow r;
      r.path = fields[0];
      if (fields.size() > 1) r.hash = fields[1];
      if (fields.size() > 2 && !fields[2].empty()) {
        auto n = util::parse_int(fields[2]);
        if (n && *n >= 0) r.size = static_cast<uint64_t>(*n);
      }
      rows.push_back(std::move(r));
    }
    fields.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
    } else {
      field.push_back(c);
    }
  }
  if (quoted) return ParseResult<std::vector<RecordRow>>::fail("unterminated quote in RECORD");
  if (!field.empty() || !fields.empty()) end_row();
  return ParseResult<std::vector<RecordRow>>::ok(std::move(rows));
}

std::string normalize_dist_name(std::string_view name) {
  std::string out;
  bool sep = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) out.push_back('-');
    sep = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace gpudoctor::parse
