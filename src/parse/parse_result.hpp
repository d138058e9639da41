#pragma once
// What every parser in src/parse returns, and the bounds-checked integer loads
// they share. Parsers see untrusted bytes (a corrupt .so, a foreign ld.so.cache),
// so every read goes through Bytes and a bad offset becomes an error, not a crash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace gpudoctor::parse {

// A value, or the reason the bytes could not be parsed ("truncated elf header").
template <class T>
struct ParseResult {
  std::optional<T> value;
  std::string error;
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  const T* operator->() const { return &*value; }
  static ParseResult ok(T v) { return ParseResult{std::move(v), {}}; }
  static ParseResult fail(std::string e) { return ParseResult{std::nullopt, std::move(e)}; }
};

// True when [off, off + len) lies inside a buffer of `size` bytes; written so
// that huge offsets cannot overflow.
constexpr bool in_range(uint64_t off, uint64_t len, uint64_t size) {
  return off <= size && len <= size - off;
}

// Fixed-endian view over untrusted bytes. Loads return nullopt past the end.
class Bytes {
 public:
  Bytes(std::string_view data, bool little_endian) : data_(data), little_(little_endian) {}

  std::string_view data() const { return data_; }
  uint64_t size() const { return data_.size(); }

  std::optional<uint64_t> uint(uint64_t off, unsigned width) const {
    if (!in_range(off, width, data_.size())) return std::nullopt;
    uint64_t v = 0;
    for (unsigned i = 0; i < width; ++i) {
      unsigned shift = little_ ? 8 * i : 8 * (width - 1 - i);
      v |= uint64_t{static_cast<unsigned char>(data_[off + i])} << shift;
    }
    return v;
  }
  std::optional<uint16_t> u16(uint64_t off) const { return narrow<uint16_t>(uint(off, 2)); }
  std::optional<uint32_t> u32(uint64_t off) const { return narrow<uint32_t>(uint(off, 4)); }
  std::optional<uint64_t> u64(uint64_t off) const { return uint(off, 8); }

  // The NUL-terminated string starting at `off`, without the NUL; nullopt when
  // `off` is out of range or no NUL follows before the end.
  std::optional<std::string_view> cstr(uint64_t off) const {
    if (off >= data_.size()) return std::nullopt;
    size_t end = data_.find('\0', static_cast<size_t>(off));
    if (end == std::string_view::npos) return std::nullopt;
    return data_.substr(static_cast<size_t>(off), end - static_cast<size_t>(off));
  }

 private:
  template <class T>
  static std::optional<T> narrow(std::optional<uint64_t> v) {
    if (!v) return std::nullopt;
    return static_cast<T>(*v);
  }
  std::string_view data_;
  bool little_;
};

}  // namespace gpudoctor::parse
