#include "explain/literal_matcher.hpp"

#include <deque>
#include <stdexcept>

namespace gpudoctor::explain {
namespace {

unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c; }

}  // namespace

LiteralMatcher::LiteralMatcher(const std::vector<std::string>& literals) {
  // Byte classes keep the table small: only bytes that occur in some literal get a class.
  uint32_t next_class = 1;
  for (const auto& lit : literals)
    for (unsigned char c : lit) {
      unsigned char f = fold(c);
      if (classes_[f] == 0) {
        if (next_class > 255) throw std::runtime_error("literal matcher: too many distinct bytes");
        classes_[f] = static_cast<uint8_t>(next_class++);
      }
    }
  for (int c = 'A'; c <= 'Z'; ++c) classes_[static_cast<size_t>(c)] = classes_[static_cast<size_t>(c + 32)];
  nclasses_ = next_class;

  // Trie, with goto entries 0 meaning "none yet" (state 0 is the root, never a child).
  std::vector<std::vector<uint32_t>> go(1, std::vector<uint32_t>(nclasses_, 0));
  std::vector<std::vector<int>> outs(1);
  for (size_t i = 0; i < literals.size(); ++i) {
    if (literals[i].empty()) continue;
    uint32_t s = 0;
    for (unsigned char c : literals[i]) {
      uint8_t k = classes_[fold(c)];
      if (go[s][k] == 0) {
        go[s][k] = static_cast<uint32_t>(go.size());
        go.emplace_back(nclasses_, 0);
        outs.emplace_back();
      }
      s = go[s][k];
    }
    outs[s].push_back(static_cast<int>(i));
  }

  // Breadth-first: failure links, then fold them into the table so matching never backtracks.
  std::vector<uint32_t> fail(go.size(), 0);
  std::deque<uint32_t> queue;
  for (uint32_t k = 0; k < nclasses_; ++k)
    if (go[0][k] != 0) queue.push_back(go[0][k]);
  while (!queue.empty()) {
    uint32_t s = queue.front();
    queue.pop_front();
    const auto& inherited = outs[fail[s]];
    outs[s].insert(outs[s].end(), inherited.begin(), inherited.end());
    for (uint32_t k = 0; k < nclasses_; ++k) {
      uint32_t t = go[s][k];
      if (t != 0) {
        fail[t] = go[fail[s]][k];
        queue.push_back(t);
      } else {
        go[s][k] = go[fail[s]][k];
      }
    }
  }

  if (go.size() * nclasses_ >= kOutput) throw std::runtime_error("literal matcher: too many states");
  delta_.resize(go.size() * nclasses_);
  out_begin_.resize(go.size() + 1);
  for (size_t s = 0; s < go.size(); ++s) {
    for (uint32_t k = 0; k < nclasses_; ++k) {
      uint32_t t = go[s][k];
      delta_[s * nclasses_ + k] = t * nclasses_ | (outs[t].empty() ? 0u : kOutput);
    }
    out_begin_[s] = static_cast<uint32_t>(out_.size());
    out_.insert(out_.end(), outs[s].begin(), outs[s].end());
  }
  out_begin_[go.size()] = static_cast<uint32_t>(out_.size());
}

}  // namespace gpudoctor::explain
