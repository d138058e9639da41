// libFuzzer target for `gpudoctor explain`: any bytes as a log must neither crash nor
// produce invalid JSON. Build with -DGPUDOCTOR_FUZZ=ON (clang), run e.g.
//   build-fuzz/explain_fuzz -max_len=65536 tests/fixtures/logs
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "explain/explain.hpp"
#include "explain/explain_render.hpp"
#include "explain/message_kb.hpp"
#include "kb/kb.hpp"

namespace {

const gpudoctor::explain::MessageKb& message_kb() {
  static const gpudoctor::kb::Kb kb = gpudoctor::kb::Kb::load();
  static const gpudoctor::explain::MessageKb mkb = gpudoctor::explain::MessageKb::load(kb);
  return mkb;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gpudoctor::explain;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Small segments so the fuzzer reaches the cut-line paths too.
  ExplainOptions opt;
  opt.max_segment = 256;
  ExplainResult r = explain_text(text, message_kb(), opt);
  ReportMeta meta;
  meta.source = "fuzz";
  auto j = nlohmann::json::parse(render_json(r, meta));  // throws (and so aborts) on invalid JSON
  (void)render_text(r, meta, TextStyle{});
  (void)render_markdown(r, meta);
  if (j["stats"]["bytes"].get<size_t>() != size) __builtin_trap();
  return 0;
}
