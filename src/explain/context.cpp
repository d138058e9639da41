#include "explain/context.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "explain/quote.hpp"
#include "util/strings.hpp"

namespace gpudoctor::explain {
namespace {

// Keyword indices (the order of keywords()).
enum Kw : int {
  kCudaVisible, kLdLibraryPath, kNvidiaVisible, kJaxPlatforms, kDockerRun, kPodmanRun, kNvidiaComGpu, kKind,
  kIsAvailable, kIsBuiltWithCuda, kListPhysical, kCpuDevice, kPlusCpu, kPlusCu, kCondaCpu, kCondaCuda,
  kLibcudaSo, kDevNvidia, kNvidiaSmi, kDriverVersion, kCompilationTools, kNoMatchingDist, kNvidiaUvm,
  kNvidiaModeset, kNvidiaDrm, kLspciVga, kLspci3d, kNoDevicesFound, kSuspend, kRuntimeNvidia, kDriverNvidia,
  kServices, kContainers, kCapabilities, kDeviceCount, kSmiBusId, kWhlCpu, kGpuDeviceName, kIsGpuAvailable,
  kCudaDevice, kGpuDevice, kSudo, kPython3, kTfCpuDist, kCpuOnly, kRuntimeClass, kCollectTorch, kCollectCuda,
  kCollectAvailable, kCondaCpuMid, kHaveAGpu, kHaveAnNvidia, kWithNoGpu, kWithoutAGpu, kNoNvidiaGpu,
  kCpuOnlyMachine, kWinDriveC, kWindows1x, kDll, kTfSpace, kTfEq, kTfDash, kVersionAttr, kCount
};

const std::vector<std::string> kKeywords = {
    "cuda_visible_devices", "ld_library_path", "nvidia_visible_devices", "jax_platforms", "docker run", "podman run",
    "nvidia.com/gpu", "kind:", "is_available", "is_built_with_cuda", "list_physical_devices", "cpudevice", "+cpu",
    "+cu", " cpu_", "_cuda", "libcuda.so", "/dev/nvidia", "nvidia-smi", "driver version", "compilation tools",
    "no matching distribution", "nvidia_uvm", "nvidia_modeset", "nvidia_drm", "vga compatible", "3d controller",
    "no devices were found", "suspend", "runtime: nvidia", "driver: nvidia", "services:", "containers:",
    "capabilities:", "device_count()", "00000000:", "whl/cpu", "gpu_device_name", "is_gpu_available", "cudadevice",
    "gpudevice", "sudo ", "python 3.", "tensorflow-cpu", "cpuonly", "runtimeclassname", "pytorch version:",
    "cuda used to build", "is cuda available", "_cpu_", "have a gpu", "have an nvidia", "with no gpu",
    "without a gpu", "no nvidia gpu", "cpu-only machine", "c:\\", "windows 1", ".dll", "tensorflow ",
    "tensorflow=", "tensorflow-2", "__version__"};

bool has(uint64_t hits, Kw k) { return (hits >> k) & 1u; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string_view trim(std::string_view s) { return util::trim(s); }

// The value of NAME in an assignment or dump: NAME=value, export NAME="v", $env:NAME = 'v',
// os.environ["NAME"] = "v", -e NAME=v, "NAME": "v". nullopt when the line does not assign it.
std::optional<std::string> assigned(std::string_view text, std::string_view name) {
  static const auto make = [](const char* n) {
    return std::make_unique<re2::RE2>("(?i)" + std::string(n) +
                                      R"re(['"\]]*\s*(?:=|:)\s*(?:"([^"]*)"|'([^']*)'|([^\s'";,)]*)))re");
  };
  static const std::unique_ptr<re2::RE2> res[] = {make("CUDA_VISIBLE_DEVICES"), make("LD_LIBRARY_PATH"),
                                                  make("NVIDIA_VISIBLE_DEVICES"), make("JAX_PLATFORMS")};
  static const char* const names[] = {"CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "NVIDIA_VISIBLE_DEVICES",
                                      "JAX_PLATFORMS"};
  const re2::RE2* re = nullptr;
  for (size_t i = 0; i < 4; ++i)
    if (name == names[i]) re = res[i].get();
  if (!re) return std::nullopt;
  re2::StringPiece in(text.data(), text.size());
  std::string a, b, c;
  if (!re2::RE2::PartialMatch(in, *re, &a, &b, &c)) return std::nullopt;
  // "NAME==1" is a comparison, not an assignment.
  auto pos = lower(text).find(lower(name));
  if (pos != std::string::npos) {
    size_t eq = text.find('=', pos + name.size());
    if (eq != std::string_view::npos && eq + 1 < text.size() && text[eq + 1] == '=') return std::nullopt;
  }
  return !a.empty() ? a : !b.empty() ? b : c;
}

// "echo $NAME", "echo %NAME%", "printenv NAME", "$env:NAME" alone: the next line is the value.
bool echoes(std::string_view text, std::string_view name) {
  std::string l = lower(text), n = lower(name);
  return (l.find("echo $" + n) != std::string::npos || l.find("echo ${" + n) != std::string::npos ||
          l.find("echo \"$" + n) != std::string::npos || l.find("echo %" + n) != std::string::npos ||
          l.find("printenv " + n) != std::string::npos || trim(l) == "$env:" + n);
}

std::string py_version(std::string_view s) {
  std::string v;
  static const re2::RE2 re(R"((?i)python\s*(3\.\d+))");
  re2::StringPiece in(s.data(), s.size());
  re2::RE2::PartialMatch(in, re, &v);
  return v;
}

// The CUDA a build was made for, from its tag: "+cu121" -> 12.1, "+cu92" -> 9.2, conda
// "py3.11_cuda12.1_cudnn8.9.2_0" -> 12.1, conda-forge "cuda120py311h..." -> 12.0.
std::string cuda_of_build(std::string_view version, std::string_view build) {
  static const re2::RE2 plus(R"(\+cu(\d)(\d+)?)");
  static const re2::RE2 dotted(R"(cuda(\d+\.\d+))");
  static const re2::RE2 packed(R"(cuda(\d{2})(\d)(?:\D|$))");
  std::string a, b;
  if (re2::RE2::PartialMatch(re2::StringPiece(version.data(), version.size()), plus, &a, &b)) {
    std::string digits = a + b;  // "121", "92", "100"
    return digits.substr(0, digits.size() - 1) + "." + digits.substr(digits.size() - 1);
  }
  re2::StringPiece bs(build.data(), build.size());
  if (re2::RE2::PartialMatch(bs, dotted, &a)) return a;
  if (re2::RE2::PartialMatch(bs, packed, &a, &b)) return std::to_string(std::stoi(a)) + "." + b;
  return "";
}

}  // namespace

const std::vector<std::string>& ContextReader::keywords() { return kKeywords; }

const PasteEvidence* PasteContext::first(std::string_view key) const {
  for (const auto& e : evidence)
    if (e.key == key) return &e;
  return nullptr;
}

void ContextReader::add(std::string key, uint64_t line, std::string_view text, std::string what) {
  if (c_.evidence.size() >= PasteContext::kMaxEvidence) return;
  c_.evidence.push_back({std::move(key), line, quote_line(text, 240), std::move(what)});
}

void ContextReader::env_var(std::string_view name, std::string_view value, uint64_t line, std::string_view text) {
  c_.known.env = true;
  std::string v(value);
  c_.facts.env.vars[std::string(name)] = v;
  add("env", line, text, std::string(name) + "='" + v + "'");
  if (name != "LD_LIBRARY_PATH") return;
  // A stubs directory on the loader path serves the toolkit's stub libcuda (what the probe
  // records as a libcuda candidate found via LD_LIBRARY_PATH).
  for (auto dir : util::split(v, ':')) {
    if (dir.find("/stubs") == std::string_view::npos) continue;
    facts::LibraryFacts* lf = nullptr;
    for (auto& l : c_.facts.libraries)
      if (l.id == "libcuda") lf = &l;
    if (!lf) {
      c_.facts.libraries.push_back({});
      lf = &c_.facts.libraries.back();
      lf->id = "libcuda";
      lf->display = "CUDA driver (libcuda)";
      lf->sonames_wanted = {"libcuda.so.1"};
    }
    facts::LibraryCandidate cand;
    std::string d(dir);
    while (!d.empty() && d.back() == '/') d.pop_back();
    cand.path = d + "/libcuda.so";
    cand.found_via = "LD_LIBRARY_PATH";
    cand.on_loader_path = true;
    cand.is_stub = true;
    cand.stub_reason = "under a stubs/ directory (from the paste)";
    lf->candidates.push_back(std::move(cand));
    c_.known.libcuda = true;
  }
}

void ContextReader::package(std::string_view framework, std::string_view dist, std::string_view version,
                            std::string_view build, uint64_t line, std::string_view text) {
  c_.known.frameworks = true;
  auto& installs = c_.facts.frameworks.installs;
  auto it = std::find_if(installs.begin(), installs.end(),
                         [&](const facts::FrameworkInstall& i) { return i.framework == framework; });
  if (it == installs.end()) {
    installs.push_back({});
    it = installs.end() - 1;
  }
  // The last listing wins (a reinstall further down the paste replaces the first).
  it->framework = std::string(framework);
  it->distribution = std::string(dist);
  it->version = std::string(version);
  it->build = std::string(build);
  it->build_source = "the paste (line " + std::to_string(line) + ")";
  it->env_prefix = "the pasted environment";
  it->env_kind = "system";
  it->python_version = c_.python_version;
  it->cuda_version = build == "cuda" ? cuda_of_build(version, text) : "";
  add("package", line, text,
      std::string(dist) + " " + std::string(version) + ": " + (build == "cpu" ? "a CPU-only build" : "a CUDA build"));
}

void ContextReader::docker_run(std::string_view cmd, uint64_t line, std::string_view text) {
  std::string l = lower(cmd);
  bool gpu = l.find("--gpus") != std::string::npos || l.find("runtime=nvidia") != std::string::npos ||
             l.find("runtime nvidia") != std::string::npos || l.find("nvidia-docker") != std::string::npos ||
             l.find("nvidia.com/gpu") != std::string::npos || l.find("/dev/nvidia") != std::string::npos ||
             l.find("--device gpu") != std::string::npos || l.find("--device=gpu") != std::string::npos;
  if (gpu) c_.docker_gpus = Tri::yes;
  else if (c_.docker_gpus == Tri::unknown) c_.docker_gpus = Tri::no;
  add("docker_run", line, text, gpu ? "a container started with GPU access" : "a container started without --gpus or the NVIDIA runtime");
}

void ContextReader::repl_result(std::string_view result, uint64_t line, std::string_view text) {
  std::string r = lower(trim(result));
  // IPython's "Out[3]: False".
  if (util::starts_with(r, "out[")) {
    auto colon = r.find("]:");
    if (colon != std::string::npos) r = std::string(trim(std::string_view(r).substr(colon + 2)));
  }
  Tri v = Tri::unknown;
  if (r == "false" || r == "[]" || r == "0" || r == "''" || r == "\"\"" || util::starts_with(r, "[cpudevice"))
    v = Tri::no;
  else if (r == "true" || util::starts_with(r, "[physicaldevice(name='/physical_device:gpu") ||
           util::starts_with(r, "[cudadevice") || util::starts_with(r, "[gpudevice") || util::starts_with(r, "[cuda(") ||
           (!r.empty() && std::all_of(r.begin(), r.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) ||
           util::starts_with(r, "'/device:gpu"))
    v = Tri::yes;
  if (v == Tri::unknown) return;
  // tf.test.is_built_with_cuda() -> False: the installed TensorFlow is a CPU-only build, a
  // fact the probe would read from build_info.py.
  if (v == Tri::no && pending_what_.find("is_built_with_cuda") != std::string::npos)
    package("tensorflow", "tensorflow", "(version not in the paste)", "cpu", line, text);
  if (c_.gpu_available != Tri::unknown && c_.gpu_available != v) c_.gpu_available_differs = true;
  // "False" anywhere wins: a GPU that is not available is what the paste is about.
  if (c_.gpu_available != Tri::no) c_.gpu_available = v;
  add("repl", line, text, pending_what_ + " -> " + std::string(trim(result)));
}

void ContextReader::segment(std::string_view text, uint64_t line, uint64_t hits, bool repl_input) {
  if (pending_version_ && !repl_input && !trim(text).empty() && !(hits >> kVersionAttr & 1u)) {
    pending_version_ = false;
    static const re2::RE2 v(R"(^\s*(?:Out\[\d+\]:\s*)?['"]?(\d+\.\d+(?:\.\d+)?)['"]?\s*$)");
    std::string ver;
    if (re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), v, &ver)) {
      tf_version_ = ver;
      tf_line_ = line;
      tf_text_ = std::string(text);
      if (tf_dist_.empty()) tf_dist_ = "tensorflow";
    }
  }
  switch (pending_) {
    case Pending::repl: {
      auto t = trim(text);
      if (t.empty()) return;
      pending_ = Pending::none;
      if (!repl_input) repl_result(t, line, text);
      break;
    }
    case Pending::echo_var: {
      pending_ = Pending::none;
      auto t = trim(text);
      // What `echo` printed, if it looks like a value of that variable (an empty value prints
      // an empty line, which never reaches here: the next line is something else).
      bool plausible = !t.empty() && t.find(' ') == std::string_view::npos && !util::starts_with(t, "$");
      if (plausible && pending_what_ == "LD_LIBRARY_PATH") plausible = t.find('/') != std::string_view::npos;
      if (plausible && pending_what_ != "LD_LIBRARY_PATH")
        plausible = std::all_of(t.begin(), t.end(), [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) || ch == ',' || ch == '-' || ch == '_' || ch == ':';
        });
      if (plausible) env_var(pending_what_, t, line, text);
      break;
    }
    case Pending::docker_continued: {
      docker_cmd_ += ' ';
      docker_cmd_ += std::string(trim(text));
      if (!util::ends_with(trim(text), "\\")) {
        pending_ = Pending::none;
        docker_run(docker_cmd_, docker_line_, docker_cmd_);
      }
      return;
    }
    case Pending::none:
      break;
  }
  if (hits) lines_with_keywords(text, line, hits, repl_input);
}

void ContextReader::lines_with_keywords(std::string_view text, uint64_t line, uint64_t hits, bool repl_input) {
  std::string l = lower(text);
  auto t = trim(text);

  if (has(hits, kPython3) && c_.python_version.empty()) c_.python_version = py_version(text);
  if (has(hits, kSudo)) c_.sudo_seen = true;
  if (has(hits, kSuspend)) c_.suspend_mentioned = true;

  // Environment variables: assignments, dumps, and `echo $VAR` followed by its value.
  struct Var {
    Kw kw;
    const char* name;
  };
  for (const Var& v : {Var{kCudaVisible, "CUDA_VISIBLE_DEVICES"}, Var{kLdLibraryPath, "LD_LIBRARY_PATH"},
                       Var{kNvidiaVisible, "NVIDIA_VISIBLE_DEVICES"}, Var{kJaxPlatforms, "JAX_PLATFORMS"}}) {
    if (!has(hits, v.kw)) continue;
    if (echoes(text, v.name)) {
      pending_ = Pending::echo_var;
      pending_what_ = v.name;
      return;
    }
    if (auto value = assigned(text, v.name)) env_var(v.name, *value, line, text);
  }

  // docker / podman run, possibly continued with a trailing backslash.
  if (has(hits, kDockerRun) || has(hits, kPodmanRun)) {
    if (util::ends_with(t, "\\")) {
      pending_ = Pending::docker_continued;
      docker_cmd_ = std::string(t.substr(0, t.size() - 1));
      docker_line_ = line;
      return;
    }
    docker_run(t, line, text);
  }

  // Kubernetes pod specs and compose files.
  static const re2::RE2 k8s_kind(R"((?i)^\s*kind:\s*(Pod|Deployment|Job|CronJob|StatefulSet|DaemonSet|ReplicaSet)\s*$)");
  if (has(hits, kKind) && re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), k8s_kind)) {
    k8s_spec_ = true;
    k8s_line_ = line;
    k8s_text_ = std::string(text);
  }
  if (has(hits, kContainers)) k8s_containers_ = true;
  if (has(hits, kNvidiaComGpu) || has(hits, kRuntimeClass)) {
    if (has(hits, kNvidiaComGpu)) k8s_gpu_ = true;
    if (has(hits, kRuntimeClass) && l.find("nvidia") != std::string::npos) k8s_gpu_ = true;
  }
  if (has(hits, kServices) && util::starts_with(l, "services:")) {
    compose_ = true;
    compose_line_ = line;
  }
  if (has(hits, kRuntimeNvidia) || has(hits, kDriverNvidia) ||
      (has(hits, kCapabilities) && l.find("gpu") != std::string::npos))
    compose_gpu_ = true;

  // REPL calls: the result is on the same line ("... is_available() returns False") or the next.
  if (has(hits, kIsAvailable) || has(hits, kIsBuiltWithCuda) || has(hits, kListPhysical) ||
      has(hits, kDeviceCount) || has(hits, kGpuDeviceName) || has(hits, kIsGpuAvailable) ||
      (l.find("devices()") != std::string::npos && l.find("jax") != std::string::npos)) {
    static const re2::RE2 inline_result(
        R"((?i)(?:is_available|is_built_with_cuda|is_gpu_available)(?:\(\))?\)?`?\s*(?:is|returns?|returned|gives|=+|->|→|:|shows?|prints?|says)?\s*[`*]*(False|True)\b)");
    std::string res;
    size_t call = l.find("is_available");
    if (call == std::string::npos) call = l.find("is_built_with_cuda");
    if (call == std::string::npos) call = l.find("is_gpu_available");
    if (call == std::string::npos) call = l.find("list_physical_devices");
    if (call == std::string::npos) call = l.find("device_count()");
    if (call == std::string::npos) call = l.find("gpu_device_name");
    if (call == std::string::npos) call = l.find("devices()");
    if (call == std::string::npos) call = 0;
    // Back to the start of the dotted name: "torch.cuda.is_available()".
    while (call > 0 && (std::isalnum(static_cast<unsigned char>(text[call - 1])) || text[call - 1] == '.' ||
                        text[call - 1] == '_'))
      --call;
    // The call itself, up to its "()" ("torch.cuda.is_available()").
    std::string_view expr = text.substr(call);
    if (size_t parens = expr.find("()"); parens != std::string_view::npos) expr = expr.substr(0, parens + 2);
    pending_what_ = std::string(trim(expr.substr(0, 60)));
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), inline_result, &res)) {
      repl_result(res, line, text);
    } else if (repl_input || l.find("print(") != std::string::npos ||
               util::starts_with(t, "torch.") || util::starts_with(t, "tf.") || util::starts_with(t, "jax.")) {
      pending_ = Pending::repl;
    }
  }
  if ((has(hits, kCpuDevice) || has(hits, kCudaDevice) || has(hits, kGpuDevice)) && pending_ != Pending::repl &&
      util::starts_with(t, "[")) {
    pending_what_ = "jax.devices()";
    repl_result(t, line, text);
  }

  // Package listings and installs: pip list / pip freeze / conda list / pip install.
  if (has(hits, kPlusCpu) || has(hits, kPlusCu) || has(hits, kCondaCpu) || has(hits, kCondaCuda) ||
      has(hits, kWhlCpu) || has(hits, kTfCpuDist) || has(hits, kCpuOnly) || has(hits, kCondaCpuMid)) {
    // pip list "torch  2.1.0+cpu", pip freeze "torch==2.1.0+cpu", conda list "pytorch 2.1.0 cpu_py311h..",
    // a conda spec "pytorch=1.9.0=py3.8_cpu_0".
    static const re2::RE2 pkg(
        R"((?i)(?:^|[\s'"`(-])(torch|pytorch|tensorflow(?:-cpu|-gpu|-base|-intel)?|jaxlib)(?:\s+|==|=|-)(\d+\.\d+(?:\.\d+)?(?:\+[\w.]+)?)(?:(?:\s+|=)([^\s`'",;)]+))?)");
    std::string name, version, build_str;
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), pkg, &name, &version, &build_str)) {
      std::string n = lower(name), v = lower(version), b = lower(build_str);
      std::string fw = n == "pytorch" || n == "torch" ? "torch" : n == "jaxlib" ? "jax" : "tensorflow";
      std::string build;
      if (v.find("+cpu") != std::string::npos || util::starts_with(b, "cpu_") || b.find("_cpu_") != std::string::npos ||
          n == "tensorflow-cpu" ||
          l.find("whl/cpu") != std::string::npos)
        build = "cpu";
      else if (v.find("+cu") != std::string::npos || b.find("cuda") != std::string::npos || util::starts_with(b, "gpu_"))
        build = "cuda";
      if (!build.empty() && fw != "jax") package(fw, n, version, build, line, text);
    }
    if (has(hits, kCpuOnly) && (util::starts_with(l, "cpuonly") || l.find(" cpuonly") != std::string::npos))
      package("torch", "cpuonly", "(version not in the paste)", "cpu", line, text);
  }

  // PyTorch's collect_env: "PyTorch version: 2.1.0+cu121", "CUDA used to build PyTorch: None",
  // "Is CUDA available: False".
  if (has(hits, kCollectTorch)) {
    static const re2::RE2 v(R"((?i)^\s*PyTorch version:\s*(\S+))");
    std::string ver;
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), v, &ver)) collect_torch_ = ver;
  }
  if (has(hits, kCollectCuda)) {
    static const re2::RE2 v(R"((?i)^\s*CUDA used to build PyTorch:\s*(None|\d+\.\d+))");
    std::string cu;
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), v, &cu)) {
      bool cpu = lower(cu) == "none";
      package("torch", "torch", collect_torch_.empty() ? "(version not in the paste)" : collect_torch_,
              cpu ? "cpu" : "cuda", line, text);
      if (!cpu) c_.facts.frameworks.installs.back().cuda_version = cu;
    }
  }
  if (has(hits, kCollectAvailable)) {
    static const re2::RE2 v(R"((?i)^\s*Is CUDA available:\s*(True|False))");
    std::string a;
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), v, &a)) {
      pending_what_ = "collect_env: Is CUDA available";
      repl_result(a, line, text);
    }
  }

  // ldd: "libcuda.so.1 => /usr/local/cuda/lib64/stubs/libcuda.so.1 (0x...)".
  // Also any path to the stub that a loader error or ctypes names ("/opt/cuda/lib64/stubs/libcuda.so:
  // undefined symbol").
  if (has(hits, kLibcudaSo) && (l.find("=>") != std::string::npos || l.find("/stubs/libcuda.so") != std::string::npos)) {
    std::string_view target;
    if (auto arrow = t.find("=>"); arrow != std::string_view::npos) {
      target = trim(t.substr(arrow + 2));
      target = target.substr(0, target.find(' '));
    } else {
      size_t end = l.find("/stubs/libcuda.so") + std::string_view("/stubs/libcuda.so").size();
      size_t begin = l.rfind(' ', end);
      begin = begin == std::string::npos ? 0 : begin + 1;
      while (end < t.size() && t[end] != ':' && t[end] != ' ' && t[end] != '\'' && t[end] != '"') ++end;
      target = t.substr(begin, end - begin);
      while (!target.empty() && (target.front() == '\'' || target.front() == '"' || target.front() == '(')) target.remove_prefix(1);
    }
    if (target.find("/stubs/") != std::string_view::npos) {
      facts::LibraryFacts lf;
      lf.id = "libcuda";
      lf.display = "CUDA driver (libcuda)";
      lf.sonames_wanted = {"libcuda.so.1"};
      facts::LibraryCandidate cand;
      cand.path = std::string(target);
      cand.found_via = "ldd (from the paste)";
      cand.on_loader_path = true;
      cand.is_stub = true;
      cand.stub_reason = "under a stubs/ directory (from the paste)";
      lf.candidates.push_back(std::move(cand));
      lf.selected = 0;
      c_.facts.libraries.erase(std::remove_if(c_.facts.libraries.begin(), c_.facts.libraries.end(),
                                              [](const facts::LibraryFacts& x) { return x.id == "libcuda"; }),
                               c_.facts.libraries.end());
      c_.facts.libraries.push_back(std::move(lf));
      c_.known.libcuda = true;
      add("ldd", line, text, "libcuda resolves to the toolkit's stub");
    } else if (target == "not") {
      add("ldd", line, text, "libcuda.so.1 not found by the loader");
    }
  }

  // Device nodes: `ls -l /dev/nvidia*`, "No such file or directory".
  if (has(hits, kDevNvidia)) {
    bool missing = l.find("no such file") != std::string::npos || l.find("cannot access") != std::string::npos;
    if (l.find("nvidia-uvm") != std::string::npos || l.find("nvidia_uvm") != std::string::npos) {
      if (missing) c_.uvm_loaded = Tri::no;
      else nodes_uvm_ = true;
    }
    if (missing && (l.find("/dev/nvidia*") != std::string::npos || l.find("/dev/nvidia0") != std::string::npos ||
                    l.find("/dev/nvidiactl") != std::string::npos)) {
      c_.device_nodes = Tri::no;
      add("dev_nodes", line, text, "no /dev/nvidia* device nodes");
    } else if (!missing && (util::starts_with(t, "c") || util::starts_with(t, "/dev/nvidia"))) {
      // "crw-rw-rw- 1 root root 195, 0 ... /dev/nvidia0" or a bare listing.
      nodes_listed_ = true;
      if (c_.device_nodes == Tri::unknown) c_.device_nodes = Tri::yes;
      if (nodes_line_ == 0) {
        nodes_line_ = line;
        nodes_text_ = std::string(text);
      }
    }
  }
  // Kernel modules: lsmod lines, modprobe errors.
  if (has(hits, kNvidiaUvm)) {
    if (l.find("not found") != std::string::npos || l.find("no such") != std::string::npos ||
        l.find("could not") != std::string::npos || l.find("failed") != std::string::npos) {
      c_.uvm_loaded = Tri::no;
      add("lsmod", line, text, "nvidia_uvm is not loaded");
    } else if (util::starts_with(l, "nvidia_uvm")) {
      lsmod_uvm_ = true;
    }
  }
  if ((has(hits, kNvidiaModeset) || has(hits, kNvidiaDrm)) && util::starts_with(l, "nvidia")) {
    lsmod_nvidia_ = true;
    if (lsmod_line_ == 0) {
      lsmod_line_ = line;
      lsmod_text_ = std::string(text);
    }
  }

  // nvidia-smi: the header with driver and CUDA version, GPU rows, "No devices were found".
  if (has(hits, kDriverVersion)) {
    static const re2::RE2 smi(R"((?i)Driver Version:\s*([\d.]+)(?:.*CUDA Version:\s*([\d.]+))?)");
    std::string dv, cv;
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), smi, &dv, &cv)) {
      c_.driver_version = dv;
      c_.facts.driver.version = dv;
      c_.known.driver = true;
      if (!cv.empty()) c_.smi_cuda_version = cv;
      add("nvidia_smi", line, text, "driver " + dv + (cv.empty() ? "" : ", supports CUDA up to " + cv));
    }
  }
  if (has(hits, kSmiBusId) && util::starts_with(t, "|") && l.find("nvidia") != std::string::npos) {
    c_.gpu_listed = Tri::yes;
    ++c_.gpus_listed;
    add("nvidia_smi", line, text, "a GPU listed by nvidia-smi");
  }
  if (has(hits, kNoDevicesFound)) {
    if (c_.gpu_listed != Tri::yes) c_.gpu_listed = Tri::no;
    add("nvidia_smi", line, text, "nvidia-smi lists no GPU");
  }
  // lspci: display controllers.
  if (has(hits, kLspciVga) || has(hits, kLspci3d)) {
    static const re2::RE2 pci(R"(^\s*(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]\s)");
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), pci)) {
      if (l.find("nvidia") != std::string::npos) {
        lspci_nvidia_ = true;
        c_.gpu_listed = Tri::yes;
        add("lspci", line, text, "an NVIDIA GPU on the PCI bus");
      } else {
        lspci_other_ = true;
        if (lspci_line_ == 0) {
          lspci_line_ = line;
          lspci_text_ = std::string(text);
        }
      }
    }
  }

  // The reporter saying the machine has no GPU: "on a machine with no GPU", "I don't have an
  // NVIDIA GPU", "a CPU-only machine". Only a negated "have a GPU" counts, and not a condition
  // ("Ignore above cudart dlerror if you do not have a GPU set up", TensorFlow's own advice).
  if (l.find("if you") == std::string::npos && (has(hits, kWithNoGpu) || has(hits, kWithoutAGpu) || has(hits, kNoNvidiaGpu) || has(hits, kCpuOnlyMachine) ||
      ((has(hits, kHaveAGpu) || has(hits, kHaveAnNvidia)) &&
       (l.find("don't have") != std::string::npos || l.find("do not have") != std::string::npos ||
        l.find("doesn't have") != std::string::npos || l.find("does not have") != std::string::npos ||
        l.find("dont have") != std::string::npos || l.find("doesnt have") != std::string::npos)))) {
    if (c_.gpu_listed != Tri::yes) c_.gpu_listed = Tri::no;
    add("prose", line, text, "the reporter says the machine has no (NVIDIA) GPU");
  }

  // Native Windows: drive paths, DLLs, "Windows 10/11" (what decides TensorFlow >= 2.11, which
  // has no CUDA build there).
  if ((has(hits, kWinDriveC) || has(hits, kWindows1x) || has(hits, kDll)) && !windows_) {
    windows_ = true;
    add("windows", line, text, "native Windows");
  }
  // A TensorFlow version without a build tag: pip list / freeze, "Successfully installed
  // tensorflow-2.12.0", tf.__version__.
  if (has(hits, kTfSpace) || has(hits, kTfEq) || has(hits, kTfDash)) {
    static const re2::RE2 tfv(R"((?i)(?:^|[\s'"`])(tensorflow(?:-intel|-gpu)?)(?:\s+|==|=|-)(\d+\.\d+(?:\.\d+)?)(?:\s|$|,|'|"|`))");
    std::string dist, ver;
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), tfv, &dist, &ver)) {
      tf_version_ = ver;
      tf_line_ = line;
      tf_text_ = std::string(text);
      tf_dist_ = lower(dist);
    }
  }
  if (has(hits, kVersionAttr) && (l.find("tf.__version__") != std::string::npos ||
                                  l.find("tensorflow.__version__") != std::string::npos))
    pending_version_ = true;

  // nvcc --version.
  if (has(hits, kCompilationTools)) {
    static const re2::RE2 nvcc(R"((?i)compilation tools, release ([\d.]+))");
    std::string v;
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), nvcc, &v)) {
      c_.nvcc_version = v;
      add("nvcc", line, text, "CUDA toolkit (nvcc) " + v);
    }
  }

  // pip: "ERROR: No matching distribution found for tensorflow==2.10".
  if (has(hits, kNoMatchingDist)) {
    static const re2::RE2 nomatch(R"((?i)no matching distribution found for\s+(torch|tensorflow(?:-gpu|-cpu)?|jax|jaxlib)\b)");
    std::string what;
    if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), nomatch, &what)) {
      c_.no_wheel_for = lower(what);
      add("pip", line, text, "pip found no " + c_.no_wheel_for + " build for this Python");
    }
  }
}

void ContextReader::windows_prompt(uint64_t line, std::string_view text) {
  if (windows_) return;
  windows_ = true;
  add("windows", line, text, "native Windows (a PowerShell prompt)");
}

PasteContext ContextReader::finish() {
  // TensorFlow seen with a version but no build tag: an install whose build is unknown, so only
  // the rules that need its version and platform can judge it (F717 on native Windows).
  if (!tf_version_.empty()) {
    auto& installs = c_.facts.frameworks.installs;
    bool known = std::any_of(installs.begin(), installs.end(),
                             [](const facts::FrameworkInstall& i) { return i.framework == "tensorflow"; });
    if (!known) {
      facts::FrameworkInstall i;
      i.framework = "tensorflow";
      i.distribution = tf_dist_.empty() ? "tensorflow" : tf_dist_;
      i.version = tf_version_;
      i.build_source = "the paste (line " + std::to_string(tf_line_) + ")";
      i.env_prefix = "the pasted environment";
      i.env_kind = "system";
      installs.push_back(std::move(i));
      c_.known.frameworks = true;
      add("package", tf_line_, tf_text_, "TensorFlow " + tf_version_);
    }
  }
  if (windows_)
    for (auto& i : c_.facts.frameworks.installs) i.platform = "windows";
  if (pending_ == Pending::docker_continued) docker_run(docker_cmd_, docker_line_, docker_cmd_);
  pending_ = Pending::none;
  if (k8s_spec_ && k8s_containers_) {
    c_.k8s_gpu_limit = k8s_gpu_ ? Tri::yes : Tri::no;
    add("k8s", k8s_line_, k8s_text_, k8s_gpu_ ? "a pod spec requesting nvidia.com/gpu" : "a pod spec whose containers request no nvidia.com/gpu");
  }
  if (compose_) {
    if (compose_gpu_) c_.docker_gpus = Tri::yes;
    else if (c_.docker_gpus == Tri::unknown) c_.docker_gpus = Tri::no;
    add("compose", compose_line_, "services:", compose_gpu_ ? "a compose file reserving a GPU" : "a compose file whose services reserve no GPU (no deploy.resources.reservations.devices with driver: nvidia, no runtime: nvidia)");
  }
  if (lspci_other_ && !lspci_nvidia_ && c_.gpu_listed == Tri::unknown) {
    c_.gpu_listed = Tri::no;
    add("lspci", lspci_line_, lspci_text_, "lspci lists display controllers but no NVIDIA one");
  }
  // A listing of the nodes or modules that has the others but not nvidia_uvm.
  if (c_.uvm_loaded == Tri::unknown) {
    if (nodes_listed_ && !nodes_uvm_) {
      c_.uvm_loaded = Tri::no;
      add("dev_nodes", nodes_line_, nodes_text_, "/dev/nvidia* listed without /dev/nvidia-uvm (nvidia_uvm not loaded)");
    } else if (lsmod_nvidia_ && !lsmod_uvm_) {
      c_.uvm_loaded = Tri::no;
      add("lsmod", lsmod_line_, lsmod_text_, "nvidia modules listed without nvidia_uvm");
    } else if (nodes_uvm_ || lsmod_uvm_) {
      c_.uvm_loaded = Tri::yes;
    }
  }
  std::stable_sort(c_.evidence.begin(), c_.evidence.end(),
                   [](const PasteEvidence& a, const PasteEvidence& b) { return a.line < b.line; });
  return std::move(c_);
}

}  // namespace gpudoctor::explain
