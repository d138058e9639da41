#include "explain/line_scanner.hpp"

#include <cstring>
#include <vector>

namespace gpudoctor::explain {

void strip_ansi(std::string_view s, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c != '\x1b') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) break;  // a lone ESC at the end
    char k = s[i + 1];
    i += 2;
    if (k == '[') {  // CSI: parameters and intermediates, then one final byte 0x40-0x7e
      while (i < s.size() && !(s[i] >= 0x40 && s[i] <= 0x7e)) ++i;
      if (i < s.size()) ++i;
    } else if (k == ']') {  // OSC: up to BEL or ESC backslash (terminal titles, hyperlinks)
      while (i < s.size() && s[i] != '\a' && !(s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '\\')) ++i;
      if (i < s.size()) i += s[i] == '\a' ? 1 : 2;
    }
    // Anything else is a two-byte sequence (ESC 7, ESC =, ...), already skipped.
  }
}

namespace {

// Holds a segment that spans reads, capped at max bytes.
struct Pending {
  std::string data;
  bool truncated = false;
  void add(std::string_view s, size_t max) {
    if (data.size() >= max) {
      truncated = truncated || !s.empty();
      return;
    }
    size_t room = max - data.size();
    if (s.size() > room) {
      data.append(s.substr(0, room));
      truncated = true;
    } else {
      data.append(s);
    }
  }
};

class Scanner {
 public:
  Scanner(const std::function<void(const Segment&)>& fn, ScanStats& stats, size_t max)
      : fn_(fn), stats_(stats), max_(max) {}

  // One read's worth of bytes; segments may continue from and into neighbouring chunks.
  void chunk(const char* p, size_t n) {
    stats_.bytes += n;
    size_t pos = 0;
    while (pos < n) {
      // Next '\n' and '\r': memchr is far faster than a byte loop, and '\r' is rare, so its
      // position is remembered across segments instead of searched again every time.
      if (next_lf_ < pos || next_lf_ == kUnknown) next_lf_ = find(p, pos, n, '\n');
      if (next_cr_ < pos || next_cr_ == kUnknown) next_cr_ = find(p, pos, n, '\r');
      size_t end = next_lf_ < next_cr_ ? next_lf_ : next_cr_;
      if (end == n) {  // no separator left in this chunk
        pending_.add(std::string_view(p + pos, n - pos), max_);
        in_line_ = true;
        break;
      }
      std::string_view piece(p + pos, end - pos);
      if (pending_.data.empty() && !pending_.truncated) {
        emit(piece.size() > max_ ? piece.substr(0, max_) : piece, piece.size() > max_);
      } else {
        pending_.add(piece, max_);
        emit(pending_.data, pending_.truncated);
        pending_ = Pending{};
      }
      if (p[end] == '\n') {
        ++stats_.lines;
        ++line_;
        in_line_ = false;
      } else {
        in_line_ = true;  // '\r' continues the same line number
      }
      pos = end + 1;
    }
    next_lf_ = next_cr_ = kUnknown;  // positions are relative to this chunk
  }

  void finish() {
    if (!pending_.data.empty() || pending_.truncated) emit(pending_.data, pending_.truncated);
    pending_ = Pending{};
    if (in_line_) ++stats_.lines;
  }

 private:
  static constexpr size_t kUnknown = static_cast<size_t>(-1);

  static size_t find(const char* p, size_t from, size_t n, char c) {
    const void* hit = std::memchr(p + from, c, n - from);
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - p) : n;
  }

  void emit(std::string_view text, bool truncated) {
    if (truncated) ++stats_.truncated;
    if (text.empty()) return;
    Segment seg;
    seg.line = line_;
    seg.truncated = truncated;
    if (std::memchr(text.data(), '\x1b', text.size())) {
      strip_ansi(text, scratch_);
      if (scratch_.empty()) return;
      seg.text = scratch_;
    } else {
      seg.text = text;
    }
    ++stats_.segments;
    fn_(seg);
  }

  const std::function<void(const Segment&)>& fn_;
  ScanStats& stats_;
  size_t max_;
  Pending pending_;
  std::string scratch_;
  uint64_t line_ = 1;
  bool in_line_ = false;
  size_t next_lf_ = kUnknown;
  size_t next_cr_ = kUnknown;
};

}  // namespace

bool scan_lines(std::istream& in, const std::function<void(const Segment&)>& fn, ScanStats& stats,
                size_t max_segment) {
  Scanner scanner(fn, stats, max_segment == 0 ? 1 : max_segment);
  std::vector<char> buf(1u << 20);
  bool ok = true;
  for (;;) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto got = in.gcount();
    if (got > 0) scanner.chunk(buf.data(), static_cast<size_t>(got));
    if (in.bad()) {
      ok = false;
      break;
    }
    if (!in) break;  // eof (failbit set together with eofbit on a short read)
  }
  scanner.finish();
  return ok;
}

}  // namespace gpudoctor::explain
