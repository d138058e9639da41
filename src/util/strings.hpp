#pragma once
// Small string helpers shared by parsers and probes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::util {

std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
// The pieces point into `s`: splitting a temporary string would leave them dangling.
std::vector<std::string_view> split(std::string&& s, char sep) = delete;
std::vector<std::string> split_lines(std::string_view s);  // handles \n, \r\n, lone \r
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
bool contains(std::string_view s, std::string_view needle);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
std::optional<long long> parse_int(std::string_view s, int base = 10);
// "1.2.3" style numeric version compare: -1, 0, 1; non-numeric parts compare as 0.
int compare_versions(std::string_view a, std::string_view b);
// Keeps only the first `n` dot-separated components: major_minor("12.2.140", 2) == "12.2".
std::string version_prefix(std::string_view v, int n);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace gpudoctor::util
