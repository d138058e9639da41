#include "run/run_judge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "rules/registry.hpp"
#include "util/signal_name.hpp"

namespace gpudoctor::run {
namespace {

std::string gib(double bytes) { return fmt::format("{:.1f} GiB", bytes / double(1ull << 30)); }

findings::Finding finding(const char* code, std::string message) {
  const rules::RuleInfo* info = rules::find_rule(code);
  if (!info) throw std::logic_error(std::string("unregistered finding code ") + code);
  return rules::make_finding(*info, std::move(message));
}

void push_series(RunStats& st, double v) {
  st.series_pending_sum += v;
  if (++st.series_pending < st.series_stride) return;
  st.series.push_back(st.series_pending_sum / static_cast<double>(st.series_pending));
  st.series_pending = 0;
  st.series_pending_sum = 0;
  if (st.series.size() < kSeriesMax) return;
  // Full: halve the resolution so a run of any length fits.
  std::vector<double> half;
  for (size_t i = 0; i + 1 < st.series.size(); i += 2) half.push_back((st.series[i] + st.series[i + 1]) / 2);
  st.series = std::move(half);
  st.series_stride *= 2;
}

}  // namespace

std::string shell_words(const std::vector<std::string>& argv, size_t max) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                   "_-./=:,+@%") == std::string::npos;
    if (plain) {
      out += a;
    } else {
      out += '\'';
      for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      out += '\'';
    }
  }
  if (out.size() > max && max > 3) {
    size_t cut = max - 3;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    out = out.substr(0, cut) + "...";
  }
  return out;
}

std::string nvml_return_name(int code) {
  switch (code) {
    case 9: return "NVML_ERROR_DRIVER_NOT_LOADED";
    case 12: return "NVML_ERROR_LIBRARY_NOT_FOUND";
    case 18: return "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
    case 999: return "NVML_ERROR_UNKNOWN";
    default: return "";
  }
}

void accumulate(RunStats& st, const Sample& s) {
  ++st.samples;
  st.last_t_s = s.t_s;
  bool ours = false, maybe = false;
  unsigned long long bytes = 0;
  int util = -1;
  for (const auto& g : s.gpus) {
    bool here = !g.our_pids.empty();
    bool here_maybe = !g.uncertain_pids.empty();
    if (here) {
      ours = true;
      if (std::find(st.context_gpus.begin(), st.context_gpus.end(), g.index) == st.context_gpus.end())
        st.context_gpus.push_back(g.index);
      for (unsigned pid : g.our_pids)
        if (st.context_pids.size() < 8 &&
            std::find(st.context_pids.begin(), st.context_pids.end(), pid) == st.context_pids.end())
          st.context_pids.push_back(pid);
    }
    maybe = maybe || here_maybe;
    bytes += g.ours_bytes + g.uncertain_bytes;
    if ((here || here_maybe) && g.sm_util >= 0) util = std::max(util, g.sm_util);
  }
  bool context = ours || maybe;
  if (ours) ++st.context_samples;
  else if (maybe) ++st.uncertain_samples;
  if (context && st.first_context_s < 0) st.first_context_s = s.t_s;
  st.peak_bytes = std::max(st.peak_bytes, bytes);
  if (context) {
    st.memory_sum += static_cast<double>(bytes);
    if (util >= 0) {
      ++st.util_samples;
      st.util_sum += util;
      st.util_peak = std::max(st.util_peak, util);
    }
    if (s.cpu_cores >= kBusyCores) {
      ++st.cpu_busy_samples;
      if (util >= 0 && util < kIdleUtil) ++st.starved_samples;
    }
  }
  // Before it holds a context the command is not using any GPU: 0, not another's load.
  push_series(st, context && util >= 0 ? util : 0);
}

RunSummary summarize(const RunStats& st) {
  RunSummary r;
  r.ever_context = st.context_samples > 0;
  r.uncertain = !r.ever_context && st.uncertain_samples > 0;
  r.attribution = r.ever_context ? "pid" : r.uncertain ? "uncertain" : "none";
  uint64_t with = st.context_samples + st.uncertain_samples;
  if (with > 0) {
    r.mean_bytes = st.memory_sum / static_cast<double>(with);
    r.starved_share = static_cast<double>(st.starved_samples) / static_cast<double>(with);
  }
  if (st.util_samples > 0) r.util_mean = st.util_sum / static_cast<double>(st.util_samples);
  return r;
}

std::string describe_exit(const ExitInfo& e) {
  if (e.status == "exited") return fmt::format("exited with code {}", e.exit_code);
  if (e.status == "signaled") {
    auto abbrev = util::signal_abbrev(e.signal);
    return fmt::format("was killed by signal {}{}", e.signal, abbrev.empty() ? "" : fmt::format(" (SIG{})", abbrev));
  }
  if (e.status == "not_found") return "could not be started: command not found";
  return "could not be started: " + e.error;
}

std::vector<findings::Finding> judge_run(const RunFacts& f) {
  std::vector<findings::Finding> out;
  const RunStats& st = f.stats;
  const SamplerInfo& si = f.sampler;
  RunSummary sum = summarize(st);
  std::string cmd = shell_words(f.command, 60);

  // R963: no GPU could be watched.
  if (si.outcome != "ok" && f.exit.status != "not_found" && f.exit.status != "not_executable" &&
      f.exit.status != "spawn_failed") {
    std::string why;
    std::string cause;
    auto sev = findings::Severity::info;
    if (si.outcome == "no_nvml") {
      why = fmt::format("dlopen(\"{}\") failed: {}", si.library.requested.empty() ? "libnvidia-ml.so.1" : si.library.requested,
                        si.library.error);
    } else if (si.outcome == "nvml_init_failed") {
      std::string name = nvml_return_name(si.init_result);
      why = fmt::format("nvmlInit returned {}{}", si.init_result, name.empty() ? "" : " " + name);
      cause = si.init_result == 9 ? "driver_not_loaded" : si.init_result == 18 ? "driver_userland_mismatch" : "unknown";
      sev = findings::Severity::warning;
    } else if (si.outcome == "no_devices") {
      why = "NVML lists no GPU";
      cause = "no_gpu_hardware";
    } else {
      why = "the NVML sampler failed: " + (si.error.empty() ? std::string("no answer") : si.error);
      cause = "unknown";
      sev = findings::Severity::warning;
    }
    auto fd = finding("R963", "no GPU could be watched while the command ran: " + why);
    if (!cause.empty()) fd.cause = cause;
    fd.severity = sev;
    if (!si.library.path.empty()) fd.evidence.push_back({"libnvidia-ml.so.1", si.library.path});
    fd.evidence.push_back({"sampler", si.outcome});
    fd.fix = {"gpudoctor                      # the full diagnosis of this machine's GPU setup",
              "ldconfig -p | grep libnvidia-ml"};
    out.push_back(std::move(fd));
    return out;  // without samples there is nothing else to judge
  }
  if (si.outcome != "ok") return out;

  // R960: the command never held a context.
  if (st.samples > 0 && !sum.ever_context && !sum.uncertain) {
    std::string gpus;
    for (size_t i = 0; i < si.gpu_names.size() && i < 4; ++i)
      gpus += (i ? ", " : "") + fmt::format("{}: {}", i, si.gpu_names[i]);
    auto fd = finding("R960", fmt::format("`{}` never created a GPU context: none of its processes appeared on "
                                          "the {} GPU{} in {} samples over {:.1f} s",
                                          cmd, si.device_count, si.device_count == 1 ? "" : "s", st.samples,
                                          st.last_t_s));
    fd.evidence.push_back({"GPUs (NVML)", gpus});
    fd.evidence.push_back({"samples", fmt::format("{} every {} ms", st.samples, f.interval_ms)});
    fd.fix = {"look at the findings from its log above: they usually name why",
              "gpudoctor                      # the full diagnosis of this machine's GPU setup",
              "python -c 'import torch; print(torch.cuda.is_available())'",
              "python -c 'import tensorflow as tf; print(tf.config.list_physical_devices(\"GPU\"))'",
              "python -c 'import jax; print(jax.devices())'"};
    out.push_back(std::move(fd));
  }

  // R962: attributed by timing only.
  if (sum.uncertain) {
    auto fd = finding("R962", fmt::format("NVML's process ids match none of the command's processes; GPU "
                                          "processes that appeared after it started and are invisible here were "
                                          "counted as its own in {} of {} samples",
                                          st.uncertain_samples, st.samples));
    fd.evidence.push_back({"PID namespace", si.nested_pid_namespace ? "nested (a container)" : "the host's"});
    fd.fix = {"run gpudoctor in the same PID namespace as the driver sees (docker run --pid=host), or",
              "nvidia-smi --query-compute-apps=pid,used_memory --format=csv   # compare by hand"};
    out.push_back(std::move(fd));
  }

  // R961: the GPU sat idle while the CPU was busy: an input pipeline that cannot keep up.
  uint64_t with = st.context_samples + st.uncertain_samples;
  if (with >= kStarvedMinSamples && sum.starved_share >= kStarvedShare) {
    auto fd = finding("R961", fmt::format("the GPU sat under {}% SM utilisation while the command kept the CPU "
                                          "busy (>= {} cores) in {:.0f}% of the time it held a GPU context "
                                          "({} of {} samples): the input pipeline starves it",
                                          kIdleUtil, kBusyCores, sum.starved_share * 100, st.starved_samples, with));
    fd.evidence.push_back({"SM utilisation", fmt::format("mean {:.0f}%, peak {}%", sum.util_mean, st.util_peak)});
    fd.evidence.push_back({"GPU memory of its processes", fmt::format("peak {}", gib(double(st.peak_bytes)))});
    fd.fix = {"PyTorch: DataLoader(dataset, num_workers=os.cpu_count(), pin_memory=True, persistent_workers=True)",
              "TensorFlow: ds = ds.map(f, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)",
              "JAX: prefetch batches to the device (flax.jax_utils.prefetch_to_device) and feed from tf.data or "
              "grain with worker processes",
              "decode and augment once, ahead of time; cache the dataset (ds.cache()) when it fits"};
    out.push_back(std::move(fd));
  }
  return out;
}

}  // namespace gpudoctor::run
