// Throughput of `gpudoctor explain` on realistic logs: mostly training output, a share of
// framework noise (NUMA, factory registration, CPU notices, progress bars with '\r') and a
// few real errors. Reported as bytes/s (Google Benchmark), so the 200 MB/s goal reads directly.
#include <benchmark/benchmark.h>

#include <random>
#include <sstream>
#include <vector>
#include <string>
#include <string_view>

#include "explain/explain.hpp"
#include "explain/line_matcher.hpp"
#include "explain/message_kb.hpp"
#include "kb/kb.hpp"

using namespace gpudoctor;

namespace {

const explain::MessageKb& mkb() {
  static const kb::Kb kb = kb::Kb::load();
  static const explain::MessageKb m = explain::MessageKb::load(kb);
  return m;
}

// `noise_every`: one framework line (benign or an error) per this many plain lines.
std::string make_log(size_t bytes, int noise_every) {
  static const char* kFramework[] = {
      "2024-03-04 10:00:01.123456: I external/local_xla/xla/stream_executor/cuda/cuda_executor.cc:1015] successful "
      "NUMA node read from SysFS had negative value (-1), but there must be at least one NUMA node, so returning NUMA "
      "node zero. See more at https://github.com/torvalds/linux/blob/v6.0/Documentation/ABI/testing/sysfs-bus-pci#L344",
      "E0000 00:00:1709546401.123456   12345 cuda_dnn.cc:8310] Unable to register cuDNN factory: Attempting to register "
      "factory for plugin cuDNN when one has already been registered",
      "2024-03-04 10:00:01.223456: W tensorflow/compiler/tf2tensorrt/utils/py_utils.cc:38] TF-TRT Warning: Could not "
      "find TensorRT",
      "2021-04-09 19:52:41.024315: W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not load "
      "dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or "
      "directory",
      "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.79 GiB total capacity)",
  };
  std::mt19937 rng(42);
  std::string out;
  out.reserve(bytes + 512);
  size_t n = 0;
  while (out.size() < bytes) {
    if (noise_every > 0 && ++n % static_cast<size_t>(noise_every) == 0) {
      out += kFramework[rng() % 5];
      out += '\n';
    } else if (n % 7 == 0) {  // a tqdm progress bar redrawn with '\r'
      for (int p = 0; p <= 100; p += 25) out += "Epoch 3:  " + std::to_string(p) + "%|#####     | 250/500 [00:10<00:10, 24.9it/s]\r";
      out += '\n';
    } else {
      out += "1875/1875 [==============================] - 6s 3ms/step - loss: 0." + std::to_string(rng() % 100000) +
             " - accuracy: 0.9" + std::to_string(rng() % 1000) + " - val_loss: 0.0812 - val_accuracy: 0.9761\n";
    }
  }
  return out;
}

void run(benchmark::State& state, int noise_every) {
  const std::string log = make_log(32u << 20, noise_every);
  const auto& kb = mkb();
  for (auto _ : state) {
    std::istringstream in(log);
    auto r = explain::explain_log(in, kb);
    benchmark::DoNotOptimize(r.stats.matched_segments);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(log.size()));
}

void BM_ExplainPlainTraining(benchmark::State& s) { run(s, 0); }
void BM_ExplainOneFrameworkLineIn20(benchmark::State& s) { run(s, 20); }
void BM_ExplainEveryLineAFrameworkLine(benchmark::State& s) { run(s, 1); }

// Every line a framework message, and every kind of message: the example line of every row
// of the message tables (errors of every framework, benign noise, status codes in every
// spelling, context lines), shuffled and repeated. The worst case for the matcher: many
// distinct atom sets and captures.
std::string make_every_kind_log(size_t bytes) {
  std::vector<std::string> lines;
  for (const auto& p : mkb().patterns())
    if (!p.example.empty() && p.example.find('\n') == std::string::npos) lines.push_back(p.example);
  std::mt19937 rng(7);
  std::string out;
  out.reserve(bytes + 1024);
  while (out.size() < bytes) {
    out += lines[rng() % lines.size()];
    out += '\n';
  }
  return out;
}

void BM_ExplainEveryLineEveryKind(benchmark::State& state) {
  const std::string log = make_every_kind_log(32u << 20);
  const auto& kb = mkb();
  for (auto _ : state) {
    std::istringstream in(log);
    auto r = explain::explain_log(in, kb);
    benchmark::DoNotOptimize(r.stats.matched_segments);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(log.size()));
}

// The prefilter alone (Aho–Corasick over the atoms), without RE2.
void BM_LiteralPrefilterOnly(benchmark::State& state) {
  const std::string log = make_log(32u << 20, 20);
  explain::LineMatcher::Scratch scratch;
  std::vector<int> hits;
  explain::LiteralMatcher lit(mkb().matcher().atoms());
  for (auto _ : state) {
    hits.clear();
    lit.find(log, hits);
    benchmark::DoNotOptimize(hits.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(log.size()));
}

// The matcher alone (prefilter, candidate selection, RE2 confirmation and captures) on a log
// where every line matches: the rest of BM_ExplainEveryLineAFrameworkLine is line splitting
// and collecting the findings.
void BM_MatcherOnlyEveryLine(benchmark::State& state) {
  const std::string log = make_log(32u << 20, 1);
  const auto& matcher = mkb().matcher();
  explain::LineMatcher::Scratch scratch;
  explain::LineMatch m;
  for (auto _ : state) {
    size_t matched = 0;
    std::string_view rest(log);
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      matched += matcher.match(line, scratch, m) ? 1 : 0;
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
    benchmark::DoNotOptimize(matched);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(log.size()));
}

}  // namespace

BENCHMARK(BM_MatcherOnlyEveryLine)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExplainPlainTraining)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExplainOneFrameworkLineIn20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExplainEveryLineAFrameworkLine)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LiteralPrefilterOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExplainEveryLineEveryKind)->Unit(benchmark::kMillisecond);
