#pragma once
// Streams a log of any size as text segments, in bounded memory. Lines end at '\n'; a '\r'
// inside a line (CRLF, progress bars that redraw with '\r') also ends a segment, but the line
// number only counts '\n', so numbers match what an editor shows. Segments longer than
// max_segment are cut (the rest of that segment is skipped and counted). ANSI escape
// sequences (colours, cursor moves) are removed. Bytes are otherwise passed through as they
// are: NUL bytes and invalid UTF-8 are the matcher's and the renderer's business.
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

namespace gpudoctor::explain {

struct Segment {
  std::string_view text;  // without the separator and without ANSI sequences
  uint64_t line = 0;      // 1-based
  bool truncated = false;
};

struct ScanStats {
  uint64_t bytes = 0;
  uint64_t lines = 0;      // number of '\n'-separated lines (a last line without '\n' counts)
  uint64_t segments = 0;   // non-empty segments handed on
  uint64_t truncated = 0;  // segments cut at max_segment
};

inline constexpr size_t kDefaultMaxSegment = 16 * 1024;

// Reads `in` to its end, calling `fn` for every non-empty segment. Returns false when the
// stream failed (not merely ended); what was read before is still scanned.
bool scan_lines(std::istream& in, const std::function<void(const Segment&)>& fn, ScanStats& stats,
                size_t max_segment = kDefaultMaxSegment);

// Removes ANSI/VT100 escape sequences (CSI, OSC, two-byte ESC x) from `s` into `out`.
void strip_ansi(std::string_view s, std::string& out);

}  // namespace gpudoctor::explain
