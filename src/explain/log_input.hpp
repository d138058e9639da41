#pragma once
// The bytes `gpudoctor explain` reads, before any line is scanned: a file, a pipe or standard
// input, bounded and decoded to UTF-8.
// - By name, only a regular file or a pipe (FIFO, /dev/fd/N of a process substitution) is
//   read. A character device (/dev/zero, a tty), a block device, a socket or a directory is
//   refused: some never end. Standard input ("-") is read whatever it is, within the limit.
// - At most max_bytes bytes are read; the rest is left unread and limit_hit() says so.
// - UTF-16, little- or big-endian with a byte-order mark, or little-endian without one (as
//   Windows PowerShell's `>` and Out-File write it), is decoded to UTF-8; a UTF-8 byte-order
//   mark is dropped; anything else passes through unchanged.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::explain {

inline constexpr uint64_t kDefaultMaxBytes = 4ull << 30;  // 4 GiB: far above any real log

enum class Encoding { utf8, utf16le, utf16be };
std::string_view to_string(Encoding e);  // "UTF-8", "UTF-16LE", "UTF-16BE"

// The encoding of a text starting with `head`; `bom` gets the length of its byte-order mark.
// Without a mark, UTF-16 is recognised by its NUL bytes: text in Latin script has a NUL in
// every other byte, at odd offsets for little-endian. Binary data (NULs everywhere, as in
// /dev/zero) stays UTF-8.
Encoding detect_encoding(std::string_view head, size_t& bom);

// Appends the UTF-8 form of UTF-16 code units in `in` to `out`; returns the bytes consumed.
// An odd last byte, or a high surrogate at the end, is left for the next call unless `final`.
// Unpaired surrogates become U+FFFD.
size_t utf16_to_utf8(std::string_view in, bool little_endian, bool final, std::string& out);

// "4G", "512M", "64K", "1000" (K, M, G, T: powers of 1024, optionally followed by "iB" or
// "B"); nullopt when not a positive size.
std::optional<uint64_t> parse_byte_size(std::string_view s);

// A path that cannot be read as a log: the reason, for "cannot read log file PATH: REASON".
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class LogInput : public std::streambuf {
 public:
  // "-" is standard input. Throws InputError when the path is refused or cannot be opened.
  static std::unique_ptr<LogInput> open(const std::string& path, uint64_t max_bytes = kDefaultMaxBytes);
  // Reads `fd` (closed at the end when `owned`).
  LogInput(int fd, bool owned, uint64_t max_bytes);
  ~LogInput() override;
  LogInput(const LogInput&) = delete;
  LogInput& operator=(const LogInput&) = delete;

  uint64_t bytes_read() const { return total_; }  // raw bytes, before decoding
  bool limit_hit() const { return limit_hit_; }   // more bytes followed max_bytes
  Encoding encoding() const { return encoding_; }
  const std::string& error() const { return error_; }  // strerror of a failed read, "" if none

 protected:
  int_type underflow() override;
  std::streamsize xsgetn(char* s, std::streamsize n) override;

 private:
  size_t read_raw(char* buf, size_t n);  // within the limit; 0 at the end, the limit or an error
  bool refill();                         // the next decoded chunk into the get area

  int fd_;
  bool owned_;
  uint64_t max_;
  uint64_t total_ = 0;
  bool done_ = false;
  bool limit_hit_ = false;
  std::string error_;
  Encoding encoding_ = Encoding::utf8;
  std::string raw_;  // UTF-16 bytes not yet decoded
  std::string out_;  // the get area's storage
  std::vector<char> chunk_;
};

}  // namespace gpudoctor::explain
