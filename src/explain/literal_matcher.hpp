#pragma once
// Finds which of a fixed set of literals occur in a text, ASCII case-insensitively, in one
// pass (Aho–Corasick with the failure links folded into a full transition table). It is
// the prefilter of the log matcher: RE2's FilteredRE2 names the literals ("atoms") each
// pattern needs, and only lines containing some atom are handed to RE2 at all.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::explain {

class LiteralMatcher {
 public:
  LiteralMatcher() = default;
  // `literals` may contain upper-case ASCII; matching folds it. Empty literals are ignored.
  explicit LiteralMatcher(const std::vector<std::string>& literals);

  // Appends the index of every literal found in `text` to `hits` (unordered, may repeat).
  void find(std::string_view text, std::vector<int>& hits) const {
    // The hot loop of `explain`: one table load per byte. Entries are premultiplied row
    // offsets (no multiply), and the top bit marks states where some literal ends.
    uint32_t s = 0;
    const uint32_t* delta = delta_.data();
    for (unsigned char c : text) {
      s = delta[s + classes_[c]];
      if (s & kOutput) {
        s &= ~kOutput;
        uint32_t state = s / nclasses_;
        hits.insert(hits.end(), out_.begin() + out_begin_[state], out_.begin() + out_begin_[state + 1]);
      }
    }
  }

  bool empty() const { return delta_.empty(); }
  size_t states() const { return out_begin_.empty() ? 0 : out_begin_.size() - 1; }

 private:
  static constexpr uint32_t kOutput = 0x80000000u;
  std::array<uint8_t, 256> classes_{};  // byte -> class; 0 = a byte no literal contains
  uint32_t nclasses_ = 1;
  std::vector<uint32_t> delta_;         // row offset + class -> row offset of the next state (| kOutput)
  std::vector<uint32_t> out_begin_;     // per state (+1): range in out_
  std::vector<int> out_;
};

}  // namespace gpudoctor::explain
