#include "explain/quote.hpp"

#include "util/strings.hpp"

namespace gpudoctor::explain {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], 0 when it is not one.
size_t utf8_len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xc0) != 0x80) return 0;
  // Overlong forms and surrogates are invalid too.
  if (n == 2 && c < 0xc2) return 0;
  if (n == 3 && c == 0xe0 && b(i + 1) < 0xa0) return 0;
  if (n == 3 && c == 0xed && b(i + 1) >= 0xa0) return 0;
  if (n == 4 && (c == 0xf0 && b(i + 1) < 0x90)) return 0;
  if (n == 4 && (c > 0xf4 || (c == 0xf4 && b(i + 1) >= 0x90))) return 0;
  return n;
}

}  // namespace

std::string quote_line(std::string_view raw, size_t max_bytes) {
  raw = util::trim(raw);
  std::string out;
  out.reserve(raw.size() < max_bytes ? raw.size() : max_bytes);
  for (size_t i = 0; i < raw.size();) {
    if (out.size() >= max_bytes) {
      out += "\xe2\x80\xa6";  // U+2026
      break;
    }
    size_t n = utf8_len(raw, i);
    if (n == 0) {
      out += "\xef\xbf\xbd";  // U+FFFD
      ++i;
    } else if (n == 1) {
      unsigned char c = static_cast<unsigned char>(raw[i]);
      out += (c < 0x20 || c == 0x7f) ? ' ' : raw[i];
      ++i;
    } else {
      out.append(raw.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace gpudoctor::explain
