// What the reader's terminal can show (render/terminal.hpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "render/terminal.hpp"

namespace gpudoctor::render {
namespace {

bool ascii_only(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

TEST(Locale, Utf8FromLcAllThenLcCtypeThenLang) {
  EXPECT_TRUE(utf8_locale(nullptr, nullptr, "en_US.UTF-8"));
  EXPECT_TRUE(utf8_locale("C.utf8", nullptr, "C"));
  EXPECT_FALSE(utf8_locale("C", nullptr, "en_US.UTF-8"));  // LC_ALL wins
  EXPECT_FALSE(utf8_locale(nullptr, nullptr, nullptr));
  EXPECT_FALSE(utf8_locale("", "", "POSIX"));
  EXPECT_TRUE(utf8_locale("", "de_DE.UTF-8", "C"));
  EXPECT_TRUE(utf8_locale(nullptr, nullptr, "sr_RS.UTF-8@latin"));
  EXPECT_FALSE(utf8_locale(nullptr, nullptr, "en_US.ISO-8859-1"));
  EXPECT_FALSE(utf8_locale(nullptr, nullptr, "en_US"));  // no codeset: the language's legacy one
}

TEST(Terminal, StyleFollowsLocaleTermNoColorAndFlags) {
  TerminalEnv utf{nullptr, nullptr, "C.UTF-8", "xterm-256color", nullptr};
  auto st = terminal_style(utf, true, false, false);
  EXPECT_TRUE(st.utf8);
  EXPECT_TRUE(st.color);
  EXPECT_FALSE(terminal_style(utf, false, false, false).color);  // not a terminal
  EXPECT_FALSE(terminal_style(utf, true, false, true).utf8);     // --ascii
  EXPECT_FALSE(terminal_style(utf, true, true, false).color);    // --no-color
  TerminalEnv nocolor = utf;
  nocolor.no_color = "1";
  EXPECT_FALSE(terminal_style(nocolor, true, false, false).color);
  EXPECT_TRUE(terminal_style(nocolor, true, false, false).utf8);
  TerminalEnv dumb = utf;
  dumb.term = "dumb";
  EXPECT_FALSE(terminal_style(dumb, true, false, false).utf8);
  EXPECT_FALSE(terminal_style(dumb, true, false, false).color);
  TerminalEnv c{"C", nullptr, "en_US.UTF-8", "xterm", nullptr};
  EXPECT_FALSE(terminal_style(c, true, false, false).utf8);
}

TEST(Terminal, ToAsciiSpellsTheGlyphsAndReplacesTheRest) {
  EXPECT_EQ(to_ascii("✓ ok ✗ bad · item — dash ≥ 5 → x └ y … ‘q’ “d”"),
            "[ok] ok [x] bad - item -- dash >= 5 -> x `- y ... 'q' \"d\"");
  EXPECT_EQ(to_ascii("▁▂▃▄▅▆▇█"), "_.-:=+*#");
  EXPECT_EQ(to_ascii("Jürgen 日本"), "J?rgen ??");
  EXPECT_EQ(to_ascii(std::string("bad \xff\xc3 end")), "bad ?? end");
  EXPECT_EQ(to_ascii(std::string("\xed\xa0\x80")), "???");  // a UTF-8-encoded surrogate is invalid
  EXPECT_EQ(to_ascii("plain ascii\n"), "plain ascii\n");
}

TEST(Terminal, JsonToAsciiKeepsTheValue) {
  nlohmann::json j = {{"m", "≥ 5 → ✓ Jürgen 😀"}, {"n", 1}};
  std::string dumped = j.dump();
  std::string ascii = json_to_ascii(dumped);
  EXPECT_TRUE(ascii_only(ascii)) << ascii;
  EXPECT_EQ(nlohmann::json::parse(ascii), j);
  EXPECT_NE(ascii.find("\\ud83d\\ude00"), std::string::npos) << ascii;  // a surrogate pair
}

}  // namespace
}  // namespace gpudoctor::render
