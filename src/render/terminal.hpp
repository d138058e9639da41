#pragma once
// What the reader's terminal (or log collector) can show. UTF-8 glyphs (✓ ✗ · —) only when
// the locale says UTF-8; colour only on a terminal that has it. Everything else is ASCII:
// the marks [ok] [!] [x], and every other non-ASCII character written with ASCII letters.
#include <string>
#include <string_view>

namespace gpudoctor::render {

// True when LC_ALL, else LC_CTYPE, else LANG (the first that is set and not empty) names a
// UTF-8 codeset ("en_US.UTF-8", "C.utf8"). None set means the C locale: ASCII.
bool utf8_locale(const char* lc_all, const char* lc_ctype, const char* lang);

struct TerminalStyle {
  bool utf8 = true;
  bool color = false;
};

// The style for an output: --ascii forces ASCII; TERM=dumb means no colour and ASCII;
// NO_COLOR (any non-empty value, no-color.org) or --no-color mean no colour; colour needs a
// terminal.
struct TerminalEnv {
  const char* lc_all = nullptr;
  const char* lc_ctype = nullptr;
  const char* lang = nullptr;
  const char* term = nullptr;
  const char* no_color = nullptr;
  static TerminalEnv current();  // from getenv
};
TerminalStyle terminal_style(const TerminalEnv& env, bool is_tty, bool no_color_flag, bool ascii_flag);

// UTF-8 text as ASCII: the glyphs reports use get ASCII spellings (✓ [ok], ✗ [x], · -, — --,
// ≥ >=, → ->, └ `-, ▁..█ _.-:=+*#), any other character or invalid byte becomes '?'.
std::string to_ascii(std::string_view utf8);
// A JSON text with every non-ASCII character escaped as \uXXXX (surrogate pairs above
// U+FFFF), so it parses to the same value; invalid bytes become \ufffd.
std::string json_to_ascii(std::string_view json);

}  // namespace gpudoctor::render
