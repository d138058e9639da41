#include "explain/log_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gpudoctor::explain {
namespace {

constexpr size_t kHead = 4096;    // bytes read before the encoding is decided
constexpr size_t kChunk = 1 << 16;

void put_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

std::string_view file_kind(mode_t m) {
  if (S_ISDIR(m)) return "is a directory";
  if (S_ISCHR(m)) return "is a character device, not a regular file or a pipe";
  if (S_ISBLK(m)) return "is a block device, not a regular file or a pipe";
  if (S_ISSOCK(m)) return "is a socket, not a regular file or a pipe";
  return "is not a regular file or a pipe";
}

}  // namespace

std::string_view to_string(Encoding e) {
  switch (e) {
    case Encoding::utf8: return "UTF-8";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
  }
  return "?";
}

Encoding detect_encoding(std::string_view head, size_t& bom) {
  bom = 0;
  auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 3 && byte(0) == 0xef && byte(1) == 0xbb && byte(2) == 0xbf) {
    bom = 3;
    return Encoding::utf8;
  }
  if (head.size() >= 2 && byte(0) == 0xff && byte(1) == 0xfe) {
    bom = 2;
    return Encoding::utf16le;
  }
  if (head.size() >= 2 && byte(0) == 0xfe && byte(1) == 0xff) {
    bom = 2;
    return Encoding::utf16be;
  }
  // No mark: count NULs at even and odd offsets over whole code units.
  size_t units = head.size() / 2, even = 0, odd = 0;
  if (units < 4) return Encoding::utf8;
  for (size_t i = 0; i < units * 2; i += 2) {
    even += head[i] == '\0';
    odd += head[i + 1] == '\0';
  }
  // Nearly every unit with its NUL on one side and almost none on the other.
  if (odd * 10 >= units * 7 && even * 10 <= units) return Encoding::utf16le;
  if (even * 10 >= units * 7 && odd * 10 <= units) return Encoding::utf16be;
  return Encoding::utf8;
}

size_t utf16_to_utf8(std::string_view in, bool le, bool final, std::string& out) {
  auto unit = [&](size_t i) -> uint32_t {
    auto a = static_cast<unsigned char>(in[i]), b = static_cast<unsigned char>(in[i + 1]);
    return le ? (a | (b << 8)) : ((a << 8) | b);
  };
  size_t i = 0;
  while (i + 1 < in.size()) {
    uint32_t u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= in.size()) {
        if (!final) return i;  // the low half comes with the next chunk
        put_utf8(0xfffd, out);
        i += 2;
        continue;
      }
      uint32_t low = unit(i + 2);
      if (low >= 0xdc00 && low <= 0xdfff) {
        put_utf8(0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00), out);
        i += 4;
      } else {
        put_utf8(0xfffd, out);
        i += 2;
      }
      continue;
    }
    put_utf8(u >= 0xdc00 && u <= 0xdfff ? 0xfffd : u, out);
    i += 2;
  }
  if (final && i < in.size()) {
    put_utf8(0xfffd, out);  // an odd last byte
    i = in.size();
  }
  return i;
}

std::optional<uint64_t> parse_byte_size(std::string_view s) {
  uint64_t v = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (v > (UINT64_MAX - 9) / 10) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
  }
  if (i == 0) return std::nullopt;
  std::string unit(s.substr(i));
  for (auto& c : unit) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  static const std::pair<std::string_view, int> kUnits[] = {
      {"", 0},     {"b", 0},    {"k", 10},   {"kb", 10},  {"kib", 10}, {"m", 20},   {"mb", 20},
      {"mib", 20}, {"g", 30},   {"gb", 30},  {"gib", 30}, {"t", 40},   {"tb", 40},  {"tib", 40}};
  const auto* u = std::find_if(std::begin(kUnits), std::end(kUnits), [&](const auto& p) { return p.first == unit; });
  if (u == std::end(kUnits)) return std::nullopt;
  int shift = u->second;
  if (v == 0 || (shift && v > (UINT64_MAX >> shift))) return std::nullopt;
  return v << shift;
}

std::unique_ptr<LogInput> LogInput::open(const std::string& path, uint64_t max_bytes) {
  if (path == "-") return std::make_unique<LogInput>(STDIN_FILENO, false, max_bytes);
  // stat before open: opening a device can have effects of its own (a tape rewinds).
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputError(std::strerror(errno));
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) throw InputError(std::string(file_kind(st.st_mode)));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(std::strerror(errno));
  // The path may have been replaced between stat and open.
  if (::fstat(fd, &st) != 0 || (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))) {
    ::close(fd);
    throw InputError(std::string(file_kind(st.st_mode)));
  }
  return std::make_unique<LogInput>(fd, true, max_bytes);
}

LogInput::LogInput(int fd, bool owned, uint64_t max_bytes) : fd_(fd), owned_(owned), max_(max_bytes) {
  // The head decides the encoding: read until kHead bytes or the end.
  std::string head(kHead, '\0');
  size_t got = 0;
  while (got < kHead) {
    size_t n = read_raw(head.data() + got, kHead - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  size_t bom = 0;
  encoding_ = detect_encoding(head, bom);
  if (encoding_ == Encoding::utf8) {
    out_ = head.substr(bom);
  } else {
    raw_ = head.substr(bom);
    size_t used = utf16_to_utf8(raw_, encoding_ == Encoding::utf16le, done_, out_);
    raw_.erase(0, used);
  }
  setg(out_.data(), out_.data(), out_.data() + out_.size());
}

LogInput::~LogInput() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

size_t LogInput::read_raw(char* buf, size_t n) {
  if (done_ || n == 0) return 0;
  if (total_ >= max_) {
    // At the limit: one more byte says whether anything was left unread.
    char c;
    ssize_t r;
    do r = ::read(fd_, &c, 1);
    while (r < 0 && errno == EINTR);
    limit_hit_ = r > 0;
    done_ = true;
    return 0;
  }
  n = static_cast<size_t>(std::min<uint64_t>(n, max_ - total_));
  for (;;) {
    ssize_t r = ::read(fd_, buf, n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      error_ = std::strerror(errno);
      done_ = true;
      return 0;
    }
    if (r == 0) {
      done_ = true;
      return 0;
    }
    total_ += static_cast<uint64_t>(r);
    return static_cast<size_t>(r);
  }
}

bool LogInput::refill() {
  out_.clear();
  if (encoding_ == Encoding::utf8) {
    out_.resize(kChunk);
    size_t n = read_raw(out_.data(), kChunk);
    out_.resize(n);
  } else {
    // Decode until something comes out or the input ends.
    if (chunk_.size() < kChunk) chunk_.resize(kChunk);
    while (out_.empty()) {
      size_t n = read_raw(chunk_.data(), kChunk);
      raw_.append(chunk_.data(), n);
      size_t used = utf16_to_utf8(raw_, encoding_ == Encoding::utf16le, done_, out_);
      raw_.erase(0, used);
      if (n == 0) break;
    }
  }
  setg(out_.data(), out_.data(), out_.data() + out_.size());
  return !out_.empty();
}

LogInput::int_type LogInput::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (!refill()) return traits_type::eof();
  return traits_type::to_int_type(*gptr());
}

std::streamsize LogInput::xsgetn(char* s, std::streamsize n) {
  std::streamsize got = 0;
  while (got < n) {
    std::streamsize avail = egptr() - gptr();
    if (avail > 0) {
      std::streamsize k = std::min(avail, n - got);
      std::memcpy(s + got, gptr(), static_cast<size_t>(k));
      gbump(static_cast<int>(k));
      got += k;
      continue;
    }
    if (encoding_ == Encoding::utf8) {
      // Plain bytes go straight into the caller's buffer: no copy on the common path.
      size_t r = read_raw(s + got, static_cast<size_t>(n - got));
      if (r == 0) break;
      got += static_cast<std::streamsize>(r);
    } else if (!refill()) {
      break;
    }
  }
  return got;
}

}  // namespace gpudoctor::explain
