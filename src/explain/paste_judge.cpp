#include "explain/paste_judge.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "explain/values.hpp"
#include "parse/visible_devices.hpp"
#include "rules/registry.hpp"
#include "util/strings.hpp"

namespace gpudoctor::explain {
namespace {

// Findings of the log that only say "no GPU" without naming why: a cause found in the paste
// accounts for them.
const std::vector<std::string> kConsequences = {"X808", "X813", "X828", "X833", "X807"};

void cite(findings::Finding& f, FindingLines& l, const PasteEvidence& e) {
  f.evidence.push_back({fmt::format("from the paste, line {}", e.line), e.what + ": " + e.text});
  ++l.count;
  if (l.lines.size() < 5 && std::none_of(l.lines.begin(), l.lines.end(), [&](const QuotedLine& q) { return q.line == e.line; }))
    l.lines.push_back({e.line, e.text, "context." + e.key});
}

void cite_all(findings::Finding& f, FindingLines& l, const PasteContext& c, std::initializer_list<std::string_view> keys) {
  for (const auto& e : c.evidence)
    if (std::find(keys.begin(), keys.end(), e.key) != keys.end()) cite(f, l, e);
}

void push(ExplainResult& r, findings::Finding f, FindingLines l) {
  std::sort(l.lines.begin(), l.lines.end(), [](const QuotedLine& a, const QuotedLine& b) { return a.line < b.line; });
  r.findings.push_back(std::move(f));
  r.lines.push_back(std::move(l));
}

findings::Finding make(const MessageKb& kb, std::string_view code, std::string message) {
  findings::Finding f = rules::make_finding(*rules::find_rule(code), std::move(message));
  if (const CodeInfo* ci = kb.code_info(code)) {
    f.explanation = ci->explanation;
    if (!ci->fix.empty()) f.fix.push_back(ci->fix);
  }
  return f;
}

bool has_code(const ExplainResult& r, std::string_view code) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const findings::Finding& f) { return f.code == code; });
}

bool has_error(const ExplainResult& r) {
  return std::any_of(r.findings.begin(), r.findings.end(),
                     [](const findings::Finding& f) { return f.severity == findings::Severity::error; });
}

// CUDA_VISIBLE_DEVICES / NVIDIA_VISIBLE_DEVICES from the paste hide every GPU.
const PasteEvidence* hiding_variable(const PasteContext& c) {
  if (!c.known.env) return nullptr;
  const auto& vars = c.facts.env.vars;
  auto hides = [&](const char* name) {
    auto it = vars.find(name);
    if (it == vars.end()) return false;
    if (std::string_view(name) == "NVIDIA_VISIBLE_DEVICES") return it->second == "none" || it->second == "void";
    return parse::parse_visible_devices(it->second).honoured(std::nullopt).empty();
  };
  for (const char* name : {"CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES"})
    if (hides(name))
      for (const auto& e : c.evidence)
        if (e.key == "env" && util::starts_with(e.what, name)) return &e;
  return nullptr;
}

struct Decided {
  std::string cause;
  const PasteEvidence* evidence = nullptr;
};

// The cause the rest of the paste gives a message that allows several (first that applies).
Decided decide(const PasteContext& c, std::string_view code) {
  auto ev = [&](std::string_view key) { return c.first(key); };
  if (code == "X808") {
    if (const auto* e = hiding_variable(c)) return {"visible_devices_hidden", e};
  }
  if (c.docker_gpus == Tri::no) return {"container_no_gpu", ev("docker_run") ? ev("docker_run") : ev("compose")};
  if (c.k8s_gpu_limit == Tri::no) return {"k8s_no_gpu_request", ev("k8s")};
  if (code == "X805") return {};  // a missing libcuda is not about GPUs or modules
  if (c.gpu_listed == Tri::no)
    return {"no_gpu_hardware", ev("nvidia_smi") ? ev("nvidia_smi") : ev("lspci") ? ev("lspci") : ev("prose")};
  if (c.uvm_loaded == Tri::no) {
    for (const auto& e : c.evidence)
      if ((e.key == "lsmod" || e.key == "dev_nodes") && e.what.find("uvm") != std::string::npos) return {"driver_not_loaded", &e};
  }
  if (code == "X808" && c.device_nodes == Tri::no) return {"device_nodes_missing", ev("dev_nodes")};
  return {};
}

// The likely causes of "the GPU is not used" when nothing in the paste names one, ranked
// by how often each is behind the framework's answer, minus what the paste rules out.
struct Candidate {
  const char* cause;
  const char* why;
};

void undecided(ExplainResult& r, const MessageKb& kb, const PasteContext& c) {
  const PasteEvidence* repl = c.first("repl");
  std::string call = repl ? repl->what : "the framework";
  std::string fw = util::contains(call, "torch") ? "torch" : util::contains(call, "jax") ? "jax"
                   : (util::contains(call, "tf.") || util::contains(call, "tensorflow")) ? "tensorflow" : "";
  std::vector<Candidate> ranked;
  if (fw == "jax") ranked.push_back({"jax_no_cuda_plugin", "jaxlib without its CUDA plugin (pip install 'jax[cuda12]')"});
  if (fw == "tensorflow") ranked.push_back({"cuda_libs_missing", "TensorFlow found no CUDA/cuDNN libraries of its version"});
  ranked.push_back({"cpu_only_build", "a CPU-only build of the framework is installed"});
  if (fw == "tensorflow") ranked.push_back({"windows_native_unsupported", "TensorFlow >= 2.11 on native Windows has no GPU build"});
  ranked.push_back({"driver_too_old", "the driver is older than the CUDA the build needs"});
  ranked.push_back({"driver_not_loaded", "the NVIDIA driver is not installed or not loaded"});
  ranked.push_back({"container_no_gpu", "a container started without --gpus"});
  ranked.push_back({"visible_devices_hidden", "CUDA_VISIBLE_DEVICES hides the GPUs"});
  ranked.push_back({"no_gpu_hardware", "no NVIDIA GPU in that machine or VM"});

  std::vector<std::string> kept, ruled_out;
  for (const auto& cand : ranked) {
    std::string cause = cand.cause, out;
    bool cuda_build = false;
    for (const auto& i : c.facts.frameworks.installs)
      if (i.build == "cuda" && (fw.empty() || i.framework == fw)) cuda_build = true;
    if (cause == "cpu_only_build" && cuda_build) out = "the package listing shows a CUDA build";
    if ((cause == "driver_not_loaded" || cause == "no_gpu_hardware") && !c.driver_version.empty() && c.gpu_listed == Tri::yes)
      out = "nvidia-smi shows driver " + c.driver_version + " and a GPU";
    if (cause == "no_gpu_hardware" && c.gpu_listed == Tri::yes) out = "a GPU is listed";
    if (cause == "container_no_gpu" && c.docker_gpus == Tri::yes) out = "the container was started with GPU access";
    if (cause == "visible_devices_hidden" && c.known.env && c.facts.env.vars.count("CUDA_VISIBLE_DEVICES") &&
        !hiding_variable(c))
      out = "CUDA_VISIBLE_DEVICES='" + c.facts.env.vars.at("CUDA_VISIBLE_DEVICES") + "' names a GPU";
    if (cause == "windows_native_unsupported" && c.first("docker_run")) out = "it runs in a Linux container";
    if (out.empty()) kept.push_back(std::string(cand.cause) + " (" + cand.why + ")");
    else ruled_out.push_back(cause + " (" + out + ")");
  }
  if (kept.size() > 5) kept.resize(5);
  std::string msg = fmt::format("{} says the GPU is not used, and the paste does not say why; most likely, in order: {}",
                                repl ? repl->what : "the framework", util::join(kept, "; "));
  auto f = make(kb, "X833", msg);
  f.fix.clear();
  // The one check that decides between the first candidates.
  bool cpu_open = std::any_of(kept.begin(), kept.end(), [](const std::string& k) { return util::starts_with(k, "cpu_only_build"); });
  if (fw == "torch" && cpu_open)
    f.fix.push_back("python -c \"import torch; print(torch.__version__, torch.version.cuda)\"   # None or +cpu = a CPU-only build; then nvidia-smi");
  else if (fw == "jax")
    f.fix.push_back("python -c \"import jax, jaxlib; print(jax.__version__, jaxlib.__version__)\"; pip list | grep -i jax   # no jax-cuda*-plugin = no GPU support");
  else if (fw == "tensorflow")
    f.fix.push_back("python -c \"import tensorflow as tf; print(tf.__version__, tf.sysconfig.get_build_info())\"   # is_cuda_build, cuda_version");
  else if (c.driver_version.empty())
    f.fix.push_back("nvidia-smi   # no table = no working driver");
  f.fix.push_back("gpudoctor   # run on the machine where it failed: it checks every one of these and names the cause");
  if (!ruled_out.empty()) f.evidence.push_back({"ruled out by the paste", util::join(ruled_out, "; ")});
  FindingLines l;
  for (const auto& e : c.evidence) cite(f, l, e);
  push(r, std::move(f), std::move(l));
}

}  // namespace

void judge_paste(ExplainResult& r, const MessageKb& kb, const FactsJudge& judge) {
  const PasteContext& c = r.context;
  if (!c.any()) return;

  // 1. The facts the paste showed, judged by the static rules.
  if (judge && (c.known.env || c.known.libcuda || c.known.frameworks || c.known.driver)) {
    for (auto& f : judge(c.facts)) {
      FindingLines l;
      if (util::starts_with(f.code, "E")) cite_all(f, l, c, {"env"});
      else if (util::starts_with(f.code, "L")) cite_all(f, l, c, {"env", "ldd"});
      else if (f.code == "F705") cite_all(f, l, c, {"package", "nvidia_smi"});
      else if (f.code == "F717") cite_all(f, l, c, {"package", "windows"});
      else if (util::starts_with(f.code, "F")) cite_all(f, l, c, {"package", "repl"});
      // A build known from the paste without its version ("is_built_with_cuda() -> False").
      for (auto& fix : f.fix)
        for (size_t p; (p = fix.find("==(version not in the paste)")) != std::string::npos;)
          fix.erase(p, std::string_view("==(version not in the paste)").size());
      if (l.count == 0) cite_all(f, l, c, {"env", "ldd", "package"});
      for (const auto& code : kConsequences) f.explains.push_back(code);
      f.explains.push_back("X821");
      push(r, std::move(f), std::move(l));
    }
  }

  // 2. Messages that allow several causes take the one the paste points at.
  // About a GPU that is not used: an error or a warning from the log, or the framework's own "no".
  bool about_gpu = c.gpu_available == Tri::no ||
                   (!r.gpu_seen_working() &&
                    std::any_of(r.findings.begin(), r.findings.end(), [](const findings::Finding& f) {
                     return f.severity == findings::Severity::error || f.severity == findings::Severity::warning;
                   }));
  for (size_t i = 0; i < r.findings.size(); ++i) {
    auto& f = r.findings[i];
    if (f.code != "X808" && f.code != "X807" && f.code != "X805" && f.code != "X828" && f.code != "X818") continue;
    Decided d = decide(c, f.code);
    if (d.cause.empty()) continue;
    f.cause = d.cause;
    if (d.evidence) cite(f, r.lines[i], *d.evidence);
  }

  // 3. What only the paste shows, when the paste is about a GPU that is not used.
  if (about_gpu) {
    if (c.docker_gpus == Tri::no) {
      auto f = make(kb, "X831", "the container was started without GPU access (no --gpus, no NVIDIA runtime)");
      FindingLines l;
      cite_all(f, l, c, {"docker_run", "compose"});
      for (const auto& code : kConsequences) f.explains.push_back(code);
      push(r, std::move(f), std::move(l));
    }
    if (c.k8s_gpu_limit == Tri::no) {
      auto f = make(kb, "X832", "the pod spec requests no nvidia.com/gpu, so the device plugin gives its containers no GPU");
      FindingLines l;
      cite_all(f, l, c, {"k8s"});
      for (const auto& code : kConsequences) f.explains.push_back(code);
      push(r, std::move(f), std::move(l));
    }
    if (c.gpu_listed == Tri::no && c.docker_gpus != Tri::no) {
      auto f = make(kb, "X834", "the pasted listing shows no NVIDIA GPU on that machine");
      FindingLines l;
      cite_all(f, l, c, {"nvidia_smi", "lspci", "prose"});
      for (const auto& code : kConsequences) f.explains.push_back(code);
      push(r, std::move(f), std::move(l));
    }
    if (c.gpu_available_differs && c.sudo_seen && !has_code(r, "X827")) {
      auto f = make(kb, "X827", "the framework sees the GPU as root (sudo) but not as this user: the device nodes are not accessible to the user");
      f.cause = "device_permission";
      f.fix = {"ls -l /dev/nvidia*   # then: sudo usermod -aG video,render $USER (log out and in), or fix the udev rule that sets the mode"};
      FindingLines l;
      cite_all(f, l, c, {"repl", "dev_nodes"});
      for (const auto& code : kConsequences) f.explains.push_back(code);
      push(r, std::move(f), std::move(l));
    }
  }
  if (!c.no_wheel_for.empty()) {
    std::string py = c.python_version.empty() ? "this Python" : "Python " + c.python_version;
    auto f = make(kb, "X835", fmt::format("pip found no {} build for {}", c.no_wheel_for, py));
    FindingLines l;
    cite_all(f, l, c, {"pip"});
    push(r, std::move(f), std::move(l));
  }

  // 4. Clearly about an unused GPU, and nothing names why: rank, never stay silent.
  if (!has_error(r) && c.gpu_available == Tri::no) undecided(r, kb, c);
}

}  // namespace gpudoctor::explain
