#pragma once
// Context readers of `gpudoctor explain`: what a pasted report shows besides log messages.
// Shell transcripts and environment dumps (CUDA_VISIBLE_DEVICES=..., LD_LIBRARY_PATH with a
// stubs directory, `echo $VAR` and the line it printed), package listings (`pip list`,
// `pip freeze`, `conda list`, `pip install` lines: +cpu / +cuXYZ / cpu_ build strings), REPL
// results (`torch.cuda.is_available()` -> False, `jax.devices()` -> [CpuDevice(id=0)]), `ldd`
// lines, `ls -l /dev/nvidia*`, `lsmod`, `lspci`, `nvidia-smi` tables, `nvcc --version`,
// `docker run` / compose files / Kubernetes pod specs, and pip's "No matching distribution".
//
// What maps onto the probe's facts goes into PasteContext::facts (and only what the paste
// showed: PasteContext::known says which parts are meaningful; an absent field means "not in
// the paste", never "empty on that machine"). What has no facts field is kept as a tri-state.
// Every reading keeps the line it came from (PasteContext::evidence).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facts/facts.hpp"

namespace gpudoctor::explain {

enum class Tri : uint8_t { unknown, yes, no };

struct PasteEvidence {
  std::string key;   // "docker_run", "env", "package", "repl", "nvidia_smi", "lspci", "lsmod", "dev_nodes", ...
  uint64_t line = 0;
  std::string text;  // the line, sanitised and capped
  std::string what;  // what it says: "CUDA_VISIBLE_DEVICES='-1'", "torch 2.1.0+cpu: a CPU-only build"
};

struct PasteContext {
  facts::Facts facts;  // only the parts `known` names hold pasted values
  struct Known {
    bool env = false;         // facts.env.vars: the variables the paste set or printed
    bool libcuda = false;     // facts.libraries "libcuda": what ldd / LD_LIBRARY_PATH showed
    bool frameworks = false;  // facts.frameworks.installs: from package listings
    bool driver = false;      // facts.driver.version: from nvidia-smi or collect_env
  } known;
  Tri docker_gpus = Tri::unknown;    // docker/podman run (or compose service): with GPU access or without
  Tri k8s_gpu_limit = Tri::unknown;  // a pod spec: requests nvidia.com/gpu or not
  Tri gpu_listed = Tri::unknown;     // nvidia-smi / lspci: an NVIDIA GPU listed, or a listing without one
  Tri uvm_loaded = Tri::unknown;     // lsmod / ls /dev/nvidia* / modprobe: nvidia_uvm there or not
  Tri device_nodes = Tri::unknown;   // /dev/nvidia* listed, or "No such file"
  Tri gpu_available = Tri::unknown;  // a framework's own answer: is_available() True/False, devices lists
  bool gpu_available_differs = false;  // True and False both seen (e.g. as root and as a user)
  bool sudo_seen = false;
  bool suspend_mentioned = false;
  int gpus_listed = 0;
  std::string driver_version;   // nvidia-smi
  std::string smi_cuda_version; // nvidia-smi "CUDA Version"
  std::string nvcc_version;     // "Cuda compilation tools, release X.Y"
  std::string no_wheel_for;     // pip: "No matching distribution found for <this>"
  std::string python_version;   // "3.12" when the paste names it
  std::vector<PasteEvidence> evidence;  // paste order, at most kMaxEvidence

  static constexpr size_t kMaxEvidence = 64;
  // The first evidence with this key, nullptr when none.
  const PasteEvidence* first(std::string_view key) const;
  bool any() const { return !evidence.empty(); }
};

class ContextReader {
 public:
  // The keywords the line matcher looks for in the same pass as its atoms (<= 64,
  // lower case; the matcher folds ASCII case). A line is handed to segment() when it holds one,
  // or when wants_next() (the result line of a REPL call, a `\`-continued command, ...).
  static const std::vector<std::string>& keywords();

  // `hits`: bit i set when keywords()[i] occurs in `text`; `repl_input`: the line came after a
  // Python prompt (`>>> `, `In [1]: `), so the next line is its result.
  void segment(std::string_view text, uint64_t line, uint64_t hits, bool repl_input = false);
  // A PowerShell prompt ("PS C:\Users\me> ") was stripped from this line: native Windows.
  void windows_prompt(uint64_t line, std::string_view text);
  bool wants_next() const { return pending_ != Pending::none || pending_version_; }
  // Settles what needs the whole paste (a listing without some entry) and hands it over.
  PasteContext finish();

 private:
  enum class Pending { none, repl, echo_var, docker_continued };
  void add(std::string key, uint64_t line, std::string_view text, std::string what);
  void env_var(std::string_view name, std::string_view value, uint64_t line, std::string_view text);
  void package(std::string_view framework, std::string_view dist, std::string_view version, std::string_view build,
               uint64_t line, std::string_view text);
  void docker_run(std::string_view cmd, uint64_t line, std::string_view text);
  void repl_result(std::string_view result, uint64_t line, std::string_view text);
  void lines_with_keywords(std::string_view text, uint64_t line, uint64_t hits, bool repl_input);

  PasteContext c_;
  Pending pending_ = Pending::none;
  std::string pending_what_;  // the REPL call or the variable being echoed
  std::string docker_cmd_;
  uint64_t docker_line_ = 0;
  bool k8s_spec_ = false, k8s_containers_ = false, k8s_gpu_ = false;
  uint64_t k8s_line_ = 0;
  std::string k8s_text_;
  bool compose_ = false, compose_gpu_ = false;
  uint64_t compose_line_ = 0;
  std::string collect_torch_;  // collect_env's "PyTorch version"
  bool windows_ = false;       // native-Windows paths or names in the paste
  bool pending_version_ = false;  // tf.__version__ asked, its value on the next line
  std::string tf_version_, tf_dist_, tf_text_;
  uint64_t tf_line_ = 0;
  bool lspci_other_ = false, lspci_nvidia_ = false;
  uint64_t lspci_line_ = 0;
  std::string lspci_text_;
  bool nodes_listed_ = false, nodes_uvm_ = false, lsmod_nvidia_ = false, lsmod_uvm_ = false;
  uint64_t nodes_line_ = 0, lsmod_line_ = 0;
  std::string nodes_text_, lsmod_text_;
};

}  // namespace gpudoctor::explain
