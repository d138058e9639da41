#include "live/child_protocol.hpp"

#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

namespace gpudoctor::live {

void ProtocolWriter::line(const std::string& json) {
  std::string s = json + "\n";
  const char* p = s.data();
  size_t left = s.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the parent is gone or stopped listening; nothing to do about it
    p += n;
    left -= static_cast<size_t>(n);
  }
}

namespace {

// Driver strings and /proc/<pid>/cmdline are not ours and need not be UTF-8: invalid
// bytes become U+FFFD here, so the parent and every renderer only see valid text.
std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

void ProtocolWriter::stage(std::string_view s) { line(dump(nlohmann::json{{"stage", s}})); }
void ProtocolWriter::progress(std::string_view s) { line(dump(nlohmann::json{{"progress", s}})); }
void ProtocolWriter::cuda(const facts::CudaFacts& f) { line(dump(nlohmann::json{{"cuda", f}})); }
void ProtocolWriter::nvml(const facts::NvmlFacts& f) { line(dump(nlohmann::json{{"nvml", f}})); }
void ProtocolWriter::selftest(const facts::SelftestFacts& f) { line(dump(nlohmann::json{{"selftest", f}})); }
void ProtocolWriter::done() { line(R"({"done":true})"); }

std::string apply_protocol_line(std::string_view text, ChildOutput& out) {
  auto bad = [&] {
    out.bad_lines.emplace_back(text.substr(0, 200));
    return std::string();
  };
  if (text.empty()) return {};
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad();
  try {
    if (j.contains("stage") && j["stage"].is_string()) {
      out.stage = j["stage"].get<std::string>();
    } else if (j.contains("progress") && j["progress"].is_string()) {
      out.progress.push_back(j["progress"].get<std::string>());
      return out.progress.back();
    } else if (j.contains("cuda")) {
      out.cuda = j["cuda"].get<facts::CudaFacts>();
      out.has_cuda = true;
    } else if (j.contains("nvml")) {
      out.nvml = j["nvml"].get<facts::NvmlFacts>();
      out.has_nvml = true;
    } else if (j.contains("selftest")) {
      out.selftest = j["selftest"].get<facts::SelftestFacts>();
      out.has_selftest = true;
    } else if (j.contains("done")) {
      out.done = true;
    } else {
      return bad();
    }
  } catch (const nlohmann::json::exception&) {
    return bad();
  }
  return {};
}

}  // namespace gpudoctor::live
