// The child's line protocol, and how a child's end turns into an outcome.
#include "live/child_protocol.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>

#include "live/live_probe.hpp"

using namespace gpudoctor;
using namespace gpudoctor::live;

TEST(LiveProtocol, StagesProgressSnapshotsAndDone) {
  ChildOutput out;
  apply_protocol_line(R"({"stage":"cuInit"})", out);
  EXPECT_EQ(out.stage, "cuInit");
  EXPECT_EQ(apply_protocol_line(R"({"progress":"GPU 0: ok"})", out), "GPU 0: ok");
  apply_protocol_line(R"({"cuda":{"init_result":34,"library":{"loaded":true,"path":"/x/libcuda.so.1"}}})", out);
  EXPECT_TRUE(out.has_cuda);
  EXPECT_EQ(out.cuda.init_result, 34);
  EXPECT_EQ(out.cuda.library.path, "/x/libcuda.so.1");
  // A later snapshot replaces the earlier one.
  apply_protocol_line(R"({"cuda":{"init_result":0}})", out);
  EXPECT_EQ(out.cuda.init_result, 0);
  EXPECT_FALSE(out.done);
  apply_protocol_line(R"({"done":true})", out);
  EXPECT_TRUE(out.done);
  EXPECT_TRUE(out.bad_lines.empty());
}

TEST(LiveProtocol, GarbageIsKeptAsBadLines) {
  ChildOutput out;
  apply_protocol_line("Segmentation fault", out);
  apply_protocol_line(R"({"what":1})", out);
  apply_protocol_line(R"({"cuda":{"init_result":"x"}})", out);
  apply_protocol_line("", out);
  EXPECT_EQ(out.bad_lines.size(), 3u);
}

TEST(LiveProtocol, WriterOutputReadsBack) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  {
    ProtocolWriter w(fds[1]);
    facts::CudaFacts c;
    c.init_result = 100;
    c.devices.push_back({});
    c.devices[0].name = std::string("bad \xff utf8");  // driver strings need not be UTF-8
    w.stage("cuInit");
    w.cuda(c);
    w.done();
  }
  ::close(fds[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  ChildOutput out;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    apply_protocol_line(std::string_view(text).substr(start, nl - start), out);
  EXPECT_TRUE(out.done);
  EXPECT_EQ(out.stage, "cuInit");
  EXPECT_EQ(out.cuda.init_result, 100);
  EXPECT_EQ(out.cuda.devices.at(0).name, "bad \xEF\xBF\xBD utf8");
}

TEST(LiveProtocol, RunOutcomes) {
  ChildOutput done;
  done.done = true;
  done.stage = "device 0 done";
  ChildResult r;
  r.status = ChildResult::Status::exited;
  r.exit_code = 0;
  EXPECT_EQ(summarize_run(r, done, 20).outcome, "ok");

  ChildOutput unfinished;
  unfinished.stage = "cuInit";
  EXPECT_EQ(summarize_run(r, unfinished, 20).outcome, "crashed");

  r.status = ChildResult::Status::timeout;
  auto t = summarize_run(r, unfinished, 20);
  EXPECT_EQ(t.outcome, "timeout");
  EXPECT_EQ(t.stage, "cuInit");
  EXPECT_EQ(t.timeout_s, 20);

  r.status = ChildResult::Status::signaled;
  r.signal = SIGSEGV;
  auto s = summarize_run(r, unfinished, 20);
  EXPECT_EQ(s.outcome, "crashed");
  EXPECT_EQ(s.signal, SIGSEGV);

  r.status = ChildResult::Status::spawn_failed;
  r.error = "cannot run x";
  EXPECT_EQ(summarize_run(r, unfinished, 20).outcome, "error");
}

// Each state is built whole by live_state() rather than by assigning outcomes one after
// another to one object: GCC 12 at -O3 takes those literal assignments for reads of
// uninitialised memory (a false -Wmaybe-uninitialized inside std::string).
namespace {
facts::LiveFacts live_state(std::string cuda_outcome, std::string nvml_outcome, bool cuda_loaded) {
  facts::LiveFacts l;
  l.cuda.run.outcome = std::move(cuda_outcome);
  l.nvml.run.outcome = std::move(nvml_outcome);
  l.cuda.library.loaded = cuda_loaded;
  return l;
}
}  // namespace

TEST(LiveProtocol, OverallOutcome) {
  EXPECT_EQ(overall_outcome(live_state("ok", "ok", false)), "no_library");
  EXPECT_EQ(overall_outcome(live_state("ok", "ok", true)), "ok");
  EXPECT_EQ(overall_outcome(live_state("ok", "crashed", true)), "crashed");
  EXPECT_EQ(overall_outcome(live_state("timeout", "crashed", true)), "timeout");
}

#include "live/live_summary.hpp"

TEST(LiveSummary, OneLineForEachOutcome) {
  facts::LiveFacts l;
  EXPECT_NE(live::summarize_live(l).summary.find("not asked"), std::string::npos);
  l.ran = true;
  l.cuda.run.outcome = "timeout";
  l.cuda.run.stage = "cuInit";
  l.cuda.run.elapsed_s = 20;
  l.nvml.run.outcome = "ok";
  EXPECT_EQ(live::summarize_live(l).summary, "libcuda hung in cuInit (killed after 20 s); NVML not loadable");
  l.cuda.run.outcome = "ok";
  l.cuda.library = {"libcuda.so.1", true, "/x/libcuda.so.1", "/x/libcuda.so.550.54.15", ""};
  l.cuda.init_result = 0;
  l.cuda.driver_version = 12040;
  l.cuda.device_count = 2;
  l.nvml.library.loaded = true;
  l.nvml.init_result = 0;
  l.nvml.driver_version = "550.54.15";
  l.nvml.device_count = 2;
  EXPECT_EQ(live::summarize_live(l).summary,
            "libcuda /x/libcuda.so.550.54.15 (CUDA 12.4): 2 GPUs; NVML 550.54.15: 2 GPUs");
  l.cuda.init_result = 34;
  l.cuda.init_result_name = "CUDA_ERROR_STUB_LIBRARY";
  EXPECT_EQ(live::summarize_live(l).summary.substr(0, 55), "libcuda /x/libcuda.so.550.54.15: cuInit 34 CUDA_ERROR_S");
}
