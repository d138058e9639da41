#pragma once
// What the live child writes on its fd 3: one JSON object per line.
//   {"stage": "cuInit"}          before each step that may hang
//   {"progress": "GPU 0: ..."}   selftest progress, for the terminal
//   {"cuda": {...}}              the CudaFacts so far (each one replaces the previous)
//   {"nvml": {...}}  {"selftest": {...}}
//   {"done": true}               the child finished its work
// Snapshots are sent as the work goes, so a child that hangs or crashes halfway still
// leaves what it learnt before.
#include <string>
#include <string_view>
#include <vector>

#include "facts/live_facts.hpp"

namespace gpudoctor::live {

class ProtocolWriter {
 public:
  explicit ProtocolWriter(int fd) : fd_(fd) {}
  void stage(std::string_view s);
  void progress(std::string_view s);
  void cuda(const facts::CudaFacts& f);
  void nvml(const facts::NvmlFacts& f);
  void selftest(const facts::SelftestFacts& f);
  void done();

 private:
  void line(const std::string& json);
  int fd_;
};

// The parent's view of everything a child said.
struct ChildOutput {
  std::string stage;
  std::vector<std::string> progress;
  bool done = false;
  bool has_cuda = false, has_nvml = false, has_selftest = false;
  facts::CudaFacts cuda;
  facts::NvmlFacts nvml;
  facts::SelftestFacts selftest;
  std::vector<std::string> bad_lines;  // not JSON, or not a known message (kept, shortened)
};

// Applies one protocol line; returns the progress text when the line was a progress message.
std::string apply_protocol_line(std::string_view line, ChildOutput& out);

}  // namespace gpudoctor::live
