#include "render/terminal.hpp"

#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gpudoctor::render {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length (0: invalid, one byte to skip).
size_t decode(std::string_view s, size_t i, uint32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? b : n == 2 ? (b & 0x1fu) : n == 3 ? (b & 0x0fu) : (b & 0x07u);
  for (size_t k = 1; k < n; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 0x2) return 0;
    cp = (cp << 6) | (c & 0x3fu);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return 0;
  return n;
}

const char* ascii_for(uint32_t cp) {
  switch (cp) {
    case 0x2713: case 0x2714: case 0x2705: return "[ok]";  // ✓ ✔ ✅
    case 0x2717: case 0x2718: case 0x274c: return "[x]";   // ✗ ✘ ❌
    case 0x26a0: return "[!]";                              // ⚠
    case 0x00b7: case 0x2022: case 0x2219: return "-";      // · • ∙
    case 0x2014: return "--";                               // —
    case 0x2013: case 0x2010: case 0x2011: case 0x2212: return "-";  // – ‐ ‑ −
    case 0x2265: return ">=";
    case 0x2264: return "<=";
    case 0x2260: return "!=";
    case 0x2192: case 0x27f6: return "->";
    case 0x2190: return "<-";
    case 0x21d2: return "=>";
    case 0x2194: return "<->";
    case 0x2514: return "`-";                               // └
    case 0x251c: return "|-";                               // ├
    case 0x2502: return "|";                                // │
    case 0x2500: return "-";                                // ─
    case 0x2026: return "...";
    case 0x2018: case 0x2019: case 0x201b: case 0x2032: return "'";
    case 0x201c: case 0x201d: case 0x2033: return "\"";
    case 0x00ab: return "<<";
    case 0x00bb: return ">>";
    case 0x00d7: return "x";
    case 0x00b5: case 0x03bc: return "u";
    case 0x00b0: return " deg";
    case 0x00a0: case 0x2009: case 0x202f: case 0x2002: case 0x2003: return " ";
    case 0x2581: return "_";
    case 0x2582: return ".";
    case 0x2583: return "-";
    case 0x2584: return ":";
    case 0x2585: return "=";
    case 0x2586: return "+";
    case 0x2587: return "*";
    case 0x2588: return "#";
    case 0xfeff: case 0x200b: return "";                    // BOM, zero-width space
    default: return "?";
  }
}

bool names_utf8(std::string_view locale) {
  // language[_territory][.codeset][@modifier]
  auto dot = locale.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view codeset = locale.substr(dot + 1);
  codeset = codeset.substr(0, codeset.find('@'));
  std::string c = util::to_lower(codeset);
  return c == "utf-8" || c == "utf8";
}

}  // namespace

bool utf8_locale(const char* lc_all, const char* lc_ctype, const char* lang) {
  for (const char* v : {lc_all, lc_ctype, lang})
    if (v && *v) return names_utf8(v);
  return false;
}

TerminalEnv TerminalEnv::current() {
  return {std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"), std::getenv("TERM"),
          std::getenv("NO_COLOR")};
}

TerminalStyle terminal_style(const TerminalEnv& env, bool is_tty, bool no_color_flag, bool ascii_flag) {
  TerminalStyle st;
  bool dumb = env.term && std::string_view(env.term) == "dumb";
  st.utf8 = !ascii_flag && !dumb && utf8_locale(env.lc_all, env.lc_ctype, env.lang);
  st.color = is_tty && !no_color_flag && !dumb && !(env.no_color && *env.no_color);
  return st;
}

std::string to_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t n = decode(s, i, cp);
    out += n ? ascii_for(cp) : "?";
    i += n ? n : 1;
  }
  return out;
}

std::string json_to_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    // Non-ASCII bytes only occur inside JSON strings, where \u escapes mean the same.
    uint32_t cp = 0xfffd;
    size_t n = decode(s, i, cp);
    if (n == 0) cp = 0xfffd;
    if (cp >= 0x10000) {
      uint32_t v = cp - 0x10000;
      out += fmt::format("\\u{:04x}\\u{:04x}", 0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    } else {
      out += fmt::format("\\u{:04x}", cp);
    }
    i += n ? n : 1;
  }
  return out;
}

}  // namespace gpudoctor::render
