// libFuzzer target for the context readers of `gpudoctor explain` (the part that reads a
// pasted report's shell transcripts, listings, REPL output and YAML): any bytes, split into
// lines, cleaned of Markdown/prompts/entities and fed with the keyword hits the matcher would
// report, must neither crash, hang nor leave evidence that is not valid UTF-8 or refers to a
// line that does not exist. Built like the parser fuzzers (only the sources below, no gdcore):
//   cmake -B build-fuzz -DGPUDOCTOR_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ && cmake --build build-fuzz --target context_fuzz
//   build-fuzz/context_fuzz -max_len=16384 -max_total_time=60 tests/fixtures/logs
// fuzz-sources: src/explain/context.cpp src/explain/paste_text.cpp src/explain/quote.cpp src/explain/literal_matcher.cpp
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "explain/context.hpp"
#include "explain/literal_matcher.hpp"
#include "explain/paste_text.hpp"

namespace {

const gpudoctor::explain::LiteralMatcher& keywords() {
  static const gpudoctor::explain::LiteralMatcher m(gpudoctor::explain::ContextReader::keywords());
  return m;
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gpudoctor::explain;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ContextReader reader;
  std::string buf;
  std::vector<int> hits;
  uint64_t line = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line;
    CleanSegment clean = clean_segment(raw, buf);
    if (clean.fence) continue;
    hits.clear();
    keywords().find(clean.text, hits);
    uint64_t mask = 0;
    for (int h : hits) mask |= uint64_t{1} << h;
    if (mask || reader.wants_next()) reader.segment(clean.text, line, mask, clean.prompt == Prompt::python);
  }
  PasteContext c = reader.finish();
  if (c.evidence.size() > PasteContext::kMaxEvidence) __builtin_trap();
  for (const auto& e : c.evidence)
    if (e.line > line || !valid_utf8(e.text)) __builtin_trap();
  for (const auto& [k, v] : c.facts.env.vars)
    if (k.empty()) __builtin_trap();
  return 0;
}
