#pragma once
// Parsers for environment-style KEY=value data: os-release(5) files and the
// NUL-separated /proc/<pid>/environ block.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct OsRelease {
  std::map<std::string, std::string> values;  // unquoted and unescaped; later keys win
  std::vector<int> bad_lines;                 // 1-based numbers of lines that are not assignments

  std::string get(const std::string& key) const {
    auto it = values.find(key);
    return it == values.end() ? std::string() : it->second;
  }
};

// os-release(5): newline-separated shell-compatible assignments, "#" comments,
// values in single quotes (literal) or double quotes (backslash escapes $ " \ `),
// unquoted values with backslash escapes; no variable expansion. A line with a NUL
// byte, an unterminated quote or no valid KEY= is recorded in bad_lines. Fails
// only when the text holds no assignment at all.
ParseResult<OsRelease> parse_os_release(std::string_view text);

// /proc/<pid>/environ: "KEY=value" entries separated (and usually ended) by NUL.
// Entries without '=' are skipped; the first occurrence of a key wins, as getenv(3).
std::map<std::string, std::string> parse_environ(std::string_view block);

}  // namespace gpudoctor::parse
