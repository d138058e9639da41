#include "parse/os_release.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

using namespace std::string_literals;

TEST(OsRelease, DebianFile) {
  auto r = parse_os_release(
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
      "VERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->get("ID"), "debian");
  EXPECT_EQ(r->get("VERSION_ID"), "12");
  EXPECT_EQ(r->get("PRETTY_NAME"), "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(r->get("MISSING"), "");
  EXPECT_TRUE(r->bad_lines.empty());
}

TEST(OsRelease, QuotesAndEscapes) {
  // Values from the os-release(5) rules: single quotes are literal, double quotes
  // unescape only $ " \ `, unquoted values unescape any character.
  auto r = parse_os_release(
      "A='it''s'\n"
      "B=\"say \\\"hi\\\" \\$HOME \\`x\\` \\\\ \\n\"\n"
      "C=plain\\ value\n"
      "D='$literal \\n'\n"
      "E=\"\"\n"
      "F=trailing   \n");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->get("A"), "its");
  EXPECT_EQ(r->get("B"), "say \"hi\" $HOME `x` \\ \\n");
  EXPECT_EQ(r->get("C"), "plain value");
  EXPECT_EQ(r->get("D"), "$literal \\n");
  EXPECT_TRUE(r->values.count("E"));
  EXPECT_EQ(r->get("E"), "");
  EXPECT_EQ(r->get("F"), "trailing");
}

TEST(OsRelease, CommentsBlankLinesCrlfAndNoFinalNewline) {
  auto r = parse_os_release("# comment\r\n\r\n  ID=ubuntu\r\nVERSION_ID=\"22.04\"\r\nNAME=Ubuntu");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->get("ID"), "ubuntu");
  EXPECT_EQ(r->get("VERSION_ID"), "22.04");
  EXPECT_EQ(r->get("NAME"), "Ubuntu");
  EXPECT_TRUE(r->bad_lines.empty());
}

TEST(OsRelease, MalformedLinesAreCountedNotFatal) {
  auto r = parse_os_release("ID=fedora\nthis is not an assignment\nBAD=\"unterminated\n1KEY=x\nX=a\0b\nVERSION_ID=40\n"s);
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->get("ID"), "fedora");
  EXPECT_EQ(r->get("VERSION_ID"), "40");
  EXPECT_EQ(r->bad_lines, (std::vector<int>{2, 3, 4, 5}));
  EXPECT_FALSE(r->values.count("BAD"));
  EXPECT_FALSE(r->values.count("X"));
}

TEST(OsRelease, LaterKeyWins) {
  auto r = parse_os_release("ID=a\nID=b\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get("ID"), "b");
}

TEST(OsRelease, NothingUsableFails) {
  EXPECT_FALSE(parse_os_release(""));
  EXPECT_FALSE(parse_os_release("# only a comment\n"));
  auto garbage = parse_os_release("\x7f" "ELF\x02\x01\x01\0\0\0"s);
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error.find("no KEY=value"), std::string::npos);
}

TEST(Environ, NulSeparatedFirstWins) {
  auto env = parse_environ("container=podman\0HOME=/root\0container=docker\0noequals\0=x\0TERM=\0"s);
  EXPECT_EQ(env.at("container"), "podman");
  EXPECT_EQ(env.at("HOME"), "/root");
  EXPECT_EQ(env.at("TERM"), "");
  EXPECT_EQ(env.size(), 3u);
  EXPECT_TRUE(parse_environ("").empty());
}

}  // namespace
}  // namespace gpudoctor::parse
