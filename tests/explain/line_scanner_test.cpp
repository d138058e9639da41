// The streaming line reader on the ugly cases: CR, CRLF, '\r' progress bars, no final
// newline, NUL bytes, ANSI colours, overlong lines, lines across read boundaries.
#include <gtest/gtest.h>

#include <sstream>

#include "explain/line_scanner.hpp"

using namespace gpudoctor::explain;

namespace {

struct Got {
  std::string text;
  uint64_t line;
  bool truncated;
  bool operator==(const Got&) const = default;
};

std::vector<Got> scan(const std::string& data, ScanStats* stats = nullptr, size_t max = kDefaultMaxSegment) {
  std::istringstream in(data);
  std::vector<Got> out;
  ScanStats st;
  scan_lines(in, [&](const Segment& s) { out.push_back({std::string(s.text), s.line, s.truncated}); }, st, max);
  if (stats) *stats = st;
  return out;
}

}  // namespace

TEST(ExplainLineScanner, SplitsLfCrlfAndCountsLines) {
  ScanStats st;
  auto got = scan("a\r\nb\nc", &st);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], (Got{"a", 1, false}));
  EXPECT_EQ(got[1], (Got{"b", 2, false}));
  EXPECT_EQ(got[2], (Got{"c", 3, false}));  // no final newline: still a line
  EXPECT_EQ(st.lines, 3u);
  EXPECT_EQ(st.bytes, 6u);
}

TEST(ExplainLineScanner, ProgressBarSegmentsShareTheirLineNumber) {
  auto got = scan("epoch 1\r 10%\r 50%\r100%\nnext\n");
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[3], (Got{"100%", 1, false}));
  EXPECT_EQ(got[4], (Got{"next", 2, false}));
}

TEST(ExplainLineScanner, EmptyLinesAreSkippedButCounted) {
  ScanStats st;
  auto got = scan("\n\n\nx\n", &st);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].line, 4u);
  EXPECT_EQ(st.lines, 4u);
}

TEST(ExplainLineScanner, StripsAnsiColoursAndTitles) {
  auto got = scan("\x1b[1;31mE\x1b[0m failed call to cuInit\n\x1b]0;title\x07plain\n\x1b[K\n");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].text, "E failed call to cuInit");
  EXPECT_EQ(got[1].text, "plain");
}

TEST(ExplainLineScanner, KeepsNulBytesAndInvalidUtf8) {
  std::string data("a\0b\xff\xfe\n", 6);
  auto got = scan(data);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text, std::string("a\0b\xff\xfe", 5));
}

TEST(ExplainLineScanner, CutsOverlongLinesAndGoesOn) {
  ScanStats st;
  std::string data = std::string(100, 'x') + "\nok\n";
  auto got = scan(data, &st, 10);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], (Got{std::string(10, 'x'), 1, true}));
  EXPECT_EQ(got[1], (Got{"ok", 2, false}));
  EXPECT_EQ(st.truncated, 1u);
}

TEST(ExplainLineScanner, LinesAcrossReadBoundariesStayWhole) {
  // Reads are 1 MiB; put a line across the first boundary and a CRLF split over it.
  std::string data(1u << 20, 'a');
  data[(1u << 20) - 20] = '\n';
  data[(1u << 20) - 1] = '\r';
  data += "\nlast line\n";
  ScanStats st;
  auto got = scan(data, &st, 1u << 21);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1].text, std::string(18, 'a'));
  EXPECT_EQ(got[1].line, 2u);
  EXPECT_EQ(got[2], (Got{"last line", 3, false}));
  EXPECT_EQ(st.lines, 3u);
}

TEST(ExplainLineScanner, OverlongLineAcrossReadsIsCutOnce) {
  ScanStats st;
  std::string data(3u << 20, 'z');
  data += "\nend\n";
  auto got = scan(data, &st, 1000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].text.size(), 1000u);
  EXPECT_TRUE(got[0].truncated);
  EXPECT_EQ(got[1], (Got{"end", 2, false}));
}
