// The R96x judgements on hand-made samples: no GPU needed.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "rules/registry.hpp"
#include "run/run_judge.hpp"
#include "run/run_render.hpp"

using namespace gpudoctor;
using namespace gpudoctor::run;

namespace {

constexpr unsigned long long kGiB = 1ull << 30;

// A sample at t with the tree on `cpu` cores; on GPU 0 at `util`% holding `bytes`
// (by pid when `ours`, by timing when `maybe`).
Sample sample(double t, double cpu, int util, bool ours, unsigned long long bytes = 4 * kGiB, bool maybe = false) {
  Sample s;
  s.t_s = t;
  s.cpu_cores = cpu;
  s.tree_size = 2;
  GpuSample g;
  g.index = 0;
  g.sm_util = util;
  g.mem_util = util / 2;
  g.used_bytes = bytes + kGiB;
  if (ours) {
    g.our_pids = {4242};
    g.ours_bytes = bytes;
  } else if (maybe) {
    g.uncertain_pids = {4000001};
    g.uncertain_bytes = bytes;
  }
  s.gpus.push_back(g);
  return s;
}

RunFacts facts_ok() {
  RunFacts f;
  f.command = {"python", "train.py"};
  f.exit.status = "exited";
  f.exit.exit_code = 0;
  f.interval_ms = 100;
  f.sampler.outcome = "ok";
  f.sampler.device_count = 1;
  f.sampler.gpu_names = {"NVIDIA H100 80GB HBM3"};
  return f;
}

bool has(const std::vector<findings::Finding>& fs, const std::string& code) {
  return std::any_of(fs.begin(), fs.end(), [&](const findings::Finding& f) { return f.code == code; });
}

}  // namespace

TEST(RunJudge, NoContextFiresR960) {
  auto f = facts_ok();
  for (int i = 0; i < 20; ++i) accumulate(f.stats, sample(i * 0.1, 1.0, 0, false));
  auto fs = judge_run(f);
  ASSERT_TRUE(has(fs, "R960"));
  EXPECT_FALSE(has(fs, "R961"));
  EXPECT_EQ(fs[0].severity, findings::Severity::error);
  EXPECT_NE(fs[0].message.find("20 samples"), std::string::npos) << fs[0].message;
  EXPECT_FALSE(summarize(f.stats).ever_context);
}

TEST(RunJudge, ContextKeepsR960QuietAndBusyGpuKeepsR961Quiet) {
  auto f = facts_ok();
  accumulate(f.stats, sample(0.0, -1, 0, false));
  for (int i = 1; i < 30; ++i) accumulate(f.stats, sample(i * 0.1, 1.5, 95, true, (i % 10 + 1) * kGiB));
  auto fs = judge_run(f);
  EXPECT_TRUE(fs.empty()) << fs[0].code;
  auto sum = summarize(f.stats);
  EXPECT_TRUE(sum.ever_context);
  EXPECT_EQ(sum.attribution, "pid");
  EXPECT_EQ(f.stats.peak_bytes, 10 * kGiB);
  EXPECT_EQ(f.stats.context_pids, std::vector<unsigned>{4242});
  EXPECT_DOUBLE_EQ(f.stats.first_context_s, 0.1);
  EXPECT_NEAR(sum.util_mean, 95, 1e-9);
  EXPECT_EQ(sum.starved_share, 0);
}

TEST(RunJudge, IdleGpuWhileCpuBusyFiresR961) {
  auto f = facts_ok();
  // 20 samples: the loader keeps 2 cores busy while the GPU idles at 3%, then 10 busy ones.
  for (int i = 0; i < 20; ++i) accumulate(f.stats, sample(i * 0.1, 2.0, 3, true));
  for (int i = 20; i < 30; ++i) accumulate(f.stats, sample(i * 0.1, 1.0, 90, true));
  auto fs = judge_run(f);
  ASSERT_TRUE(has(fs, "R961"));
  const auto& r961 = *std::find_if(fs.begin(), fs.end(), [](const auto& x) { return x.code == "R961"; });
  EXPECT_EQ(r961.cause, "gpu_degraded");
  EXPECT_NE(r961.message.find("67%"), std::string::npos) << r961.message;
  std::string fixes;
  for (const auto& x : r961.fix) fixes += x + "\n";
  EXPECT_NE(fixes.find("num_workers"), std::string::npos);
  EXPECT_NE(fixes.find("pin_memory=True"), std::string::npos);
  EXPECT_NE(fixes.find("prefetch(tf.data.AUTOTUNE)"), std::string::npos);
  EXPECT_NE(fixes.find("num_parallel_calls"), std::string::npos);
  EXPECT_NE(fixes.find("JAX"), std::string::npos);
}

TEST(RunJudge, IdleGpuWithIdleCpuIsNotStarved) {
  auto f = facts_ok();
  // Waiting on I/O or a sleep: neither is busy. Not the input-pipeline signature.
  for (int i = 0; i < 30; ++i) accumulate(f.stats, sample(i * 0.1, 0.05, 0, true));
  EXPECT_FALSE(has(judge_run(f), "R961"));
  // Too few samples to judge.
  auto g = facts_ok();
  for (int i = 0; i < 3; ++i) accumulate(g.stats, sample(i * 0.1, 2.0, 0, true));
  EXPECT_FALSE(has(judge_run(g), "R961"));
}

TEST(RunJudge, TimingOnlyAttributionFiresR962NotR960) {
  auto f = facts_ok();
  f.sampler.nested_pid_namespace = true;
  accumulate(f.stats, sample(0, -1, 0, false));
  for (int i = 1; i < 10; ++i) accumulate(f.stats, sample(i * 0.1, 1.0, 80, false, 2 * kGiB, true));
  auto fs = judge_run(f);
  EXPECT_TRUE(has(fs, "R962"));
  EXPECT_FALSE(has(fs, "R960"));
  auto sum = summarize(f.stats);
  EXPECT_EQ(sum.attribution, "uncertain");
  EXPECT_EQ(f.stats.peak_bytes, 2 * kGiB);
  // A pid match anywhere makes the attribution certain.
  accumulate(f.stats, sample(1.0, 1.0, 80, true));
  EXPECT_FALSE(has(judge_run(f), "R962"));
}

TEST(RunJudge, NoNvmlFiresR963WithTheReason) {
  RunFacts f;
  f.command = {"sh", "-c", "true"};
  f.exit.status = "exited";
  f.exit.exit_code = 0;
  f.sampler.outcome = "no_nvml";
  f.sampler.library.requested = "libnvidia-ml.so.1";
  f.sampler.library.error = "libnvidia-ml.so.1: cannot open shared object file: No such file or directory";
  auto fs = judge_run(f);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].code, "R963");
  EXPECT_EQ(fs[0].cause, "driver_not_installed");
  EXPECT_NE(fs[0].message.find("cannot open shared object file"), std::string::npos);

  f.sampler.outcome = "nvml_init_failed";
  f.sampler.init_result = 18;
  fs = judge_run(f);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].cause, "driver_userland_mismatch");
  EXPECT_NE(fs[0].message.find("NVML_ERROR_LIB_RM_VERSION_MISMATCH"), std::string::npos);

  f.sampler.outcome = "failed";
  f.sampler.error = "it hung (no sample for 10 s)";
  fs = judge_run(f);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].severity, findings::Severity::warning);
}

TEST(RunJudge, WorkingNvmlKeepsR963QuietAndAFailedStartJudgesNothing) {
  auto f = facts_ok();
  accumulate(f.stats, sample(0, -1, 50, true));
  EXPECT_FALSE(has(judge_run(f), "R963"));
  RunFacts g;
  g.command = {"no-such-command"};
  g.exit.status = "not_found";
  g.exit.exit_code = 127;
  g.sampler.outcome = "not_started";
  EXPECT_TRUE(judge_run(g).empty());
}

TEST(RunJudge, EveryRunCodeIsRegistered) {
  for (const char* code : {"R960", "R961", "R962", "R963"}) {
    const auto* info = rules::find_rule(code);
    ASSERT_NE(info, nullptr) << code;
    EXPECT_EQ(info->area, "run");
  }
}

TEST(RunStats, SeriesStaysBoundedAndKeepsItsShape) {
  RunStats st;
  // An hour at 100 ms: first half busy, second half idle.
  const int n = 36000;
  for (int i = 0; i < n; ++i) accumulate(st, sample(i * 0.1, 1.0, i < n / 2 ? 100 : 0, true));
  EXPECT_LE(st.series.size(), kSeriesMax);
  EXPECT_GE(st.series.size(), kSeriesMax / 4);
  EXPECT_GT(st.series_stride, 1u);
  EXPECT_NEAR(st.series.front(), 100, 1e-9);
  EXPECT_NEAR(st.series.back(), 0, 1e-9);
  EXPECT_EQ(st.samples, static_cast<uint64_t>(n));
}

TEST(RunFactsJson, RoundTrips) {
  auto f = facts_ok();
  for (int i = 0; i < 5; ++i) accumulate(f.stats, sample(i * 0.1, 1.0, 40, true));
  nlohmann::json j = f;
  auto back = j.get<RunFacts>();
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(judge_run(back).size(), judge_run(f).size());
  // Samples as the sampler child writes them read back too.
  Sample s = sample(1.5, 0.7, 12, true);
  EXPECT_EQ(nlohmann::json(nlohmann::json(s).get<Sample>()), nlohmann::json(s));
}

TEST(ShellWords, QuotesWhatAShellWouldSplitAndCutsWholeCharacters) {
  EXPECT_EQ(shell_words({"python", "train.py", "--lr=0.1"}), "python train.py --lr=0.1");
  EXPECT_EQ(shell_words({"sh", "-c", "echo 'hi' >&2", ""}), "sh -c 'echo '\\''hi'\\'' >&2' ''");
  EXPECT_EQ(shell_words({"a", "bbbbbbbbbb"}, 8), "a bbb...");
  EXPECT_EQ(shell_words({"\xc3\xa9\xc3\xa9\xc3\xa9"}, 7), "'\xc3\xa9...");  // not half of the second é
}

TEST(Sparkline, BlocksAsciiAndWidth) {
  std::vector<double> v = {0, 15, 30, 45, 60, 75, 90, 100};
  EXPECT_EQ(sparkline(v, 60, true), "▁▂▃▄▅▇██");
  EXPECT_EQ(sparkline(v, 60, false), "_.-:=*##");
  std::vector<double> many(1000, 50);
  EXPECT_EQ(sparkline(many, 60, false).size(), 60u);
  EXPECT_EQ(sparkline({}, 60, true), "");
  EXPECT_EQ(sparkline({250, -3}, 10, false), "#_");  // clamped
}

TEST(RunRender, TextSaysWhatItSawAndJsonCarriesCauses) {
  RunReport r;
  r.facts = facts_ok();
  for (int i = 0; i < 20; ++i) accumulate(r.facts.stats, sample(i * 0.1, 2.0, 3, true));
  r.facts.wall_s = 2.0;
  r.findings = judge_run(r.facts);
  std::string text = render_run_text(r, false);
  EXPECT_NE(text.find("`python train.py` exited with code 0"), std::string::npos) << text;
  EXPECT_NE(text.find("GPU context:     yes"), std::string::npos) << text;
  EXPECT_NE(text.find("peak 4.00 GiB"), std::string::npos) << text;
  EXPECT_NE(text.find("stdout passes through unread"), std::string::npos) << text;
  EXPECT_NE(text.find("[R961]"), std::string::npos) << text;
  EXPECT_EQ(text.find("▁"), std::string::npos);  // ASCII only
  auto j = nlohmann::json::parse(render_run_json(r));
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["gpu"]["ever_context"], true);
  EXPECT_EQ(j["gpu"]["peak_memory_bytes"], 4 * kGiB);
  EXPECT_EQ(j["findings"][0]["code"], "R961");
  EXPECT_EQ(j["findings"][0]["cause"], "gpu_degraded");
  EXPECT_EQ(j["log"]["stdout_read"], false);
}
