#include "run/sampler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "live/child_process.hpp"
#include "run/run_judge.hpp"
#include "run/sampler_child.hpp"

namespace gpudoctor::run {

bool apply_sampler_line(std::string_view line, SamplerInfo& info, RunStats& stats, bool& got_info, bool& done) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    if (j.contains("sample")) {
      accumulate(stats, j["sample"].get<Sample>());
    } else if (j.contains("info")) {
      info = j["info"].get<SamplerInfo>();
      if (info.init_result > 0 && info.init_result_name.empty()) info.init_result_name = nvml_return_name(info.init_result);
      got_info = true;
    } else if (j.contains("done")) {
      done = true;
    } else {
      return false;
    }
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

Sampler::~Sampler() {
  if (thread_.joinable()) {
    cancel_ = true;
    thread_.join();
  }
}

void Sampler::start(pid_t pid, long long t0_ns) {
  started_ = true;
  live::ChildSpec spec;
  spec.argv = {opt_.exe, kSamplerCommand, std::to_string(pid), std::to_string(opt_.interval_ms),
               std::to_string(t0_ns)};
  spec.env_set = opt_.env;
  // No overall deadline: it lives as long as the command. A sampler silent for many
  // intervals is stuck inside NVML.
  spec.timeout_s = 1e9;
  spec.idle_timeout_s = std::max(10.0, opt_.interval_ms * 50 / 1000.0);
  spec.max_protocol_bytes = size_t{1} << 62;  // it streams for hours; lines are consumed as they come
  spec.cancel = &cancel_;
  thread_ = std::thread([this, spec] {
    auto res = live::run_child(spec, [this](std::string_view line) {
      if (!apply_sampler_line(line, info_, stats_, got_info_, done_)) ++bad_lines_;
    });
    if (done_) return;
    using S = live::ChildResult::Status;
    if (res.status == S::spawn_failed) child_error_ = res.error;
    else if (res.cancelled) child_error_ = "it did not stop after the command ended";
    else if (res.status == S::timeout) child_error_ = fmt::format("it hung (no sample for {:.0f} s)", spec.idle_timeout_s);
    else if (res.status == S::signaled) child_error_ = fmt::format("it was killed by signal {}", res.signal);
    else child_error_ = fmt::format("it exited with code {} before it was done", res.exit_code);
  });
}

void Sampler::finish(SamplerInfo& info, RunStats& stats, double grace_s) {
  if (thread_.joinable()) {
    auto t0 = std::chrono::steady_clock::now();
    // run_child returns once the child exited; give it grace_s to notice the end.
    std::atomic<bool> joined{false};
    std::thread watchdog([&] {
      while (!joined.load()) {
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > grace_s) {
          cancel_ = true;
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    });
    thread_.join();
    joined = true;
    watchdog.join();
  }
  if (started_ && !got_info_ && info_.outcome == "not_started") info_.outcome = "failed";
  if (!child_error_.empty()) {
    // Samples that arrived still count; the failure is reported.
    if (info_.outcome == "ok" || info_.outcome == "not_started") info_.outcome = "failed";
    info_.error = child_error_;
  }
  if (bad_lines_ > 0 && info_.error.empty() && !got_info_) info_.error = "its output was not understood";
  info = info_;
  stats = stats_;
}

}  // namespace gpudoctor::run
