// The --deep rules (F720-F724) and verdicts on hand-made facts: each fires on one live
// outcome and stays quiet on the others; a facts file round trip keeps the verdict.
#include <gtest/gtest.h>

#include "deep/deep_fixture.hpp"
#include "rules/framework/framework_rules.hpp"
#include "rules/framework/verdict.hpp"

using namespace gpudoctor;
using gdtest::deep_machine;
using gdtest::deep_of;
using gdtest::find;
using gdtest::fires;
using gdtest::healthy_tf_install;
using gdtest::run;

namespace {

facts::Facts with_deep(facts::FrameworkInstall inst, facts::DeepCheck c) {
  auto f = deep_machine(inst);
  f.frameworks.deep = {std::move(c)};
  return f;
}

bool any_deep_code(const std::vector<findings::Finding>& v) {
  for (const auto& x : v)
    if (x.code >= "F720" && x.code <= "F729") return true;
  return false;
}

}  // namespace

TEST(DeepRules, LiveGpuUseOnAHealthyInstallIsQuiet) {
  auto inst = healthy_tf_install();
  auto f = with_deep(inst, gdtest::tf_sees_gpu(inst));
  auto out = run(f);
  EXPECT_FALSE(any_deep_code(out));
  auto v = rules::framework_verdicts(f, out);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_NE(v[0].status, rules::FrameworkVerdict::Status::no_gpu);
  EXPECT_EQ(v[0].live, "imported in 3.2 s, 1 GPU (/physical_device:GPU:0), matmul ran on GPU:0");
}

TEST(DeepRules, NoDeepFactsNoDeepFindings) {
  EXPECT_FALSE(any_deep_code(run(deep_machine(healthy_tf_install()))));
}

TEST(DeepRules, F720ZeroGpusTakesTheCauseFromTheExplainedLog) {
  auto inst = healthy_tf_install();
  auto f = with_deep(inst, gdtest::tf_sees_no_gpu(inst));
  auto out = run(f);
  const auto* x = find(out, "F720");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->severity, findings::Severity::error);
  EXPECT_EQ(x->subject, "tensorflow 2.15.1 in /root/venvs/a");
  EXPECT_EQ(x->cause, "cuda_libs_missing");
  EXPECT_NE(x->message.find("imported in 7.9 s, 0 GPUs, matmul ran on CPU:0"), std::string::npos) << x->message;
  EXPECT_NE(x->message.find("TensorFlow printed 'Could not find cuda drivers on your machine, GPU will not be used.'"),
            std::string::npos)
      << x->message;
  EXPECT_NE(x->message.find("[X801]"), std::string::npos) << x->message;
  EXPECT_FALSE(x->fix.empty());
  // The verdict: the static checks found nothing, live it sees no GPU.
  auto v = rules::framework_verdicts(f, out);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].status, rules::FrameworkVerdict::Status::no_gpu);
  EXPECT_EQ(v[0].code, "F720");
}

TEST(DeepRules, F720CauseFromStaticFactsWhenTheLogIsSilent) {
  auto cpu = healthy_tf_install();
  cpu.distribution = "tensorflow-cpu";
  cpu.build = "cpu";
  cpu.libraries.clear();
  auto c = deep_of(cpu, "ok");
  c.gpu_count = 0;
  c.matmul_device = "/job:localhost/replica:0/task:0/device:CPU:0";
  auto x = find(run(with_deep(cpu, c)), "F720");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->cause, "cpu_only_build");
  ASSERT_EQ(x->fix.size(), 2u);
  EXPECT_EQ(x->fix[0], "/root/venvs/a/bin/python -m pip uninstall -y tensorflow-cpu");
  EXPECT_EQ(x->fix[1], "/root/venvs/a/bin/python -m pip install 'tensorflow[and-cuda]==2.15.1'");

  facts::FrameworkInstall jax;
  jax.framework = "jax";
  jax.distribution = "jaxlib";
  jax.version = jax.jax_version = jax.jaxlib_version = "0.6.2";
  jax.env_prefix = "/root/venvs/j";
  jax.build = "cpu";
  auto cj = deep_of(jax, "ok");
  cj.gpu_count = 0;
  cj.matmul_device = "cpu:0";
  auto y = find(run(with_deep(jax, cj)), "F720");
  ASSERT_TRUE(y);
  EXPECT_EQ(y->cause, "jax_no_cuda_plugin");
}

// The static root (F701, a CPU-only build) predicts what --deep sees: F720 folds under it,
// and only for that install.
TEST(DeepRules, F720FoldsUnderTheStaticRootOfTheSameInstall) {
  auto cpu = healthy_tf_install();
  cpu.distribution = "tensorflow-cpu";
  cpu.build = "cpu";
  cpu.libraries.clear();
  auto c = deep_of(cpu, "ok");
  c.gpu_count = 0;
  auto out = run(with_deep(cpu, c));
  auto x = find(out, "F720");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->explained_by, "F701");
}

TEST(DeepRules, F720QuietWhenTheCheckDidNotGetThatFar) {
  auto inst = healthy_tf_install();
  auto c = deep_of(inst, "import_failed");
  c.error = "ImportError: boom";
  EXPECT_FALSE(fires(with_deep(inst, c), "F720"));
  EXPECT_FALSE(fires(with_deep(inst, deep_of(inst, "timeout")), "F720"));
}

TEST(DeepRules, F721StaticSaysGpuLiveSaysNone) {
  auto inst = healthy_tf_install();
  auto out = run(with_deep(inst, gdtest::tf_sees_no_gpu(inst)));
  const auto* x = find(out, "F721");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->severity, findings::Severity::warning);
  EXPECT_NE(x->message.find("they found nothing that stops it"), std::string::npos) << x->message;
}

TEST(DeepRules, F721StaticSaysNoGpuLiveUsesIt) {
  auto inst = healthy_tf_install();
  inst.libraries[0].path.clear();  // static: libcudart.so.12 missing (F702)
  auto f = with_deep(inst, gdtest::tf_sees_gpu(inst));
  auto out = run(f);
  ASSERT_TRUE(find(out, "F702"));
  const auto* x = find(out, "F721");
  ASSERT_TRUE(x);
  EXPECT_NE(x->message.find("they said it will not use the GPU (F702"), std::string::npos) << x->message;
  // The live result wins in the verdict.
  auto v = rules::framework_verdicts(f, out);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].status, rules::FrameworkVerdict::Status::degraded);
  EXPECT_EQ(v[0].code, "F721");
  EXPECT_NE(v[0].reason.find("the live check used the GPU"), std::string::npos);
}

TEST(DeepRules, F721QuietWhenBothAgreeOrThereIsNoLiveVerdict) {
  auto inst = healthy_tf_install();
  EXPECT_FALSE(fires(with_deep(inst, gdtest::tf_sees_gpu(inst)), "F721"));
  auto broken = healthy_tf_install();
  broken.libraries[0].path.clear();
  EXPECT_FALSE(fires(with_deep(broken, gdtest::tf_sees_no_gpu(broken)), "F721"));
  EXPECT_FALSE(fires(with_deep(inst, deep_of(inst, "timeout")), "F721"));
  EXPECT_FALSE(fires(with_deep(inst, deep_of(inst, "not_run")), "F721"));
}

TEST(DeepRules, F722ImportFailedIsExplained) {
  auto inst = healthy_tf_install();
  auto c = deep_of(inst, "import_failed");
  c.exit_code = 0;
  c.error = "ImportError: libcudart.so.12: cannot open shared object file: No such file or directory";
  c.log = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n" + c.error + "\n";
  auto out = run(with_deep(inst, c));
  const auto* x = find(out, "F722");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->severity, findings::Severity::error);
  EXPECT_NE(x->message.find("import failed after 8.4 s: ImportError: libcudart.so.12"), std::string::npos) << x->message;
  EXPECT_EQ(x->cause, "cuda_libs_missing") << x->message;
}

TEST(DeepRules, F722CrashHasTheSignal) {
  auto inst = healthy_tf_install();
  auto c = deep_of(inst, "crashed");
  c.exit_code = -1;
  c.signal = 11;
  c.error = "killed by signal segmentation fault";
  auto out = run(with_deep(inst, c));
  const auto* x = find(out, "F722");
  ASSERT_TRUE(x);
  EXPECT_NE(x->message.find("crashed after 8.4 s (killed by signal segmentation fault)"), std::string::npos);
  EXPECT_EQ(x->cause, "unknown");
  EXPECT_FALSE(fires(with_deep(inst, gdtest::tf_sees_gpu(inst)), "F722"));
}

TEST(DeepRules, F723Timeout) {
  auto inst = healthy_tf_install();
  auto c = deep_of(inst, "timeout");
  c.elapsed_s = 60.2;
  auto out = run(with_deep(inst, c));
  const auto* x = find(out, "F723");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->severity, findings::Severity::warning);
  EXPECT_NE(x->message.find("no answer within 60.0 s"), std::string::npos);
  EXPECT_FALSE(fires(with_deep(inst, gdtest::tf_sees_no_gpu(inst)), "F723"));
}

TEST(DeepRules, F724MatmulFailedOnTheGpu) {
  auto inst = healthy_tf_install();
  auto c = deep_of(inst, "check_failed");
  c.gpu_count = 1;
  c.devices = {"/physical_device:GPU:0"};
  c.error = "InternalError: CUDA error: no kernel image is available for execution on the device";
  auto out = run(with_deep(inst, c));
  const auto* x = find(out, "F724");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->cause, "compute_capability_unsupported") << x->message;
  EXPECT_FALSE(fires(with_deep(inst, gdtest::tf_sees_gpu(inst)), "F724"));
  EXPECT_FALSE(fires(with_deep(inst, gdtest::tf_sees_no_gpu(inst)), "F724"));
}

TEST(DeepRules, F724MatmulPlacedOnTheCpu) {
  auto inst = healthy_tf_install();
  auto c = gdtest::tf_sees_gpu(inst);
  c.matmul_device = "/job:localhost/replica:0/task:0/device:CPU:0";
  auto x = find(run(with_deep(inst, c)), "F724");
  ASSERT_TRUE(x);
  EXPECT_NE(x->message.find("not on the GPU it was pinned to"), std::string::npos);
}

TEST(DeepRules, FactsFileRoundTripGivesTheSameFindings) {
  auto inst = healthy_tf_install();
  auto f = with_deep(inst, gdtest::tf_sees_no_gpu(inst));
  auto back = nlohmann::json::parse(nlohmann::json(f).dump()).get<facts::Facts>();
  ASSERT_EQ(back.frameworks.deep.size(), 1u);
  auto a = run(f), b = run(back);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].code, b[i].code);
    EXPECT_EQ(a[i].message, b[i].message);
    EXPECT_EQ(a[i].cause, b[i].cause);
  }
}

TEST(DeepRules, SummaryOfEachOutcome) {
  auto inst = healthy_tf_install();
  auto c = deep_of(inst, "not_run");
  c.error = "no Python interpreter found for /root/venvs/a";
  EXPECT_EQ(rules::deep_summary(c), "not run: no Python interpreter found for /root/venvs/a");
  c = deep_of(inst, "check_failed");
  c.import_s = 1;
  c.error = "RuntimeError: x";
  EXPECT_EQ(rules::deep_summary(c), "imported in 1.0 s, then failed: RuntimeError: x");
  EXPECT_FALSE(rules::deep_used_gpu(c));
  EXPECT_TRUE(rules::deep_used_gpu(gdtest::tf_sees_gpu(inst)));
  auto t = gdtest::tf_sees_gpu(inst);
  t.matmul_device = "cuda:0";
  EXPECT_TRUE(rules::deep_used_gpu(t));
}
