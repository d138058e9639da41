#include "parse/nvrm_version.hpp"

#include <vector>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Printable ASCII only, so a garbage file cannot smuggle control bytes into reports.
std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

}  // namespace

bool is_driver_version(std::string_view token) {
  auto parts = util::split(token, '.');
  if (parts.size() != 2 && parts.size() != 3) return false;
  for (auto p : parts)
    if (!is_digits(p)) return false;
  return true;
}

ParseResult<NvrmVersion> parse_nvrm_version(std::string_view text) {
  NvrmVersion out;
  bool found = false;
  for (const std::string& raw : util::split_lines(text)) {
    std::string_view line = util::trim(raw);
    if (!found && util::starts_with(line, "NVRM version:")) {
      out.nvrm_line = printable(line);
      found = true;
    } else if (out.gcc_line.empty() && util::starts_with(line, "GCC version:")) {
      out.gcc_line = printable(line);
    }
  }
  if (!found) return ParseResult<NvrmVersion>::fail("no \"NVRM version:\" line");
  auto toks = tokens(std::string_view(out.nvrm_line).substr(13));
  for (size_t i = 0; i < toks.size(); ++i) {
    if (out.version.empty() && is_driver_version(toks[i])) out.version = std::string(toks[i]);
    if (toks[i] == "Open") out.open = true;
    // Proprietary: "UNIX <arch> Kernel"; open: "Module for <arch>".
    if (out.arch.empty() && i + 2 < toks.size() && toks[i] == "UNIX" && toks[i + 1] != "Open" &&
        toks[i + 2] == "Kernel")
      out.arch = std::string(toks[i + 1]);
    if (out.arch.empty() && i + 2 < toks.size() && toks[i] == "Module" && toks[i + 1] == "for")
      out.arch = std::string(toks[i + 2]);
  }
  if (out.version.empty())
    return ParseResult<NvrmVersion>::fail("no version number in \"" + out.nvrm_line.substr(0, 200) + "\"");
  return ParseResult<NvrmVersion>::ok(std::move(out));
}

ParseResult<std::string> parse_module_version(std::string_view text) {
  std::string_view v = util::trim(text);
  if (!is_driver_version(v))
    return ParseResult<std::string>::fail("not a driver version: \"" + printable(v.substr(0, 80)) + "\"");
  return ParseResult<std::string>::ok(std::string(v));
}

}  // namespace gpudoctor::parse
