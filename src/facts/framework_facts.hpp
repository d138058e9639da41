#pragma once
// Python environments and the TensorFlow / PyTorch / JAX installs found in them, with
// what each install would load (read statically: no Python is ever run).
#include <string>
#include <vector>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

// One installed distribution (a *.dist-info or *.egg-info directory).
struct PythonDist {
  std::string name;         // normalised (PEP 503): "tensorflow-cpu", "nvidia-cudnn-cu12"
  std::string version;      // "2.15.1"
  std::string path;         // the dist-info directory
  std::string python_tag;   // "3.11" from WHEEL "Tag: cp311-...", "" for pure wheels
  std::vector<std::string> provides_extra;  // "and-cuda", "with-cuda"
  // Requires-Dist lines that matter here (nvidia-*, jaxlib, jax-cuda*), "name spec ; marker".
  std::vector<std::string> requirements;
};
GD_JSON(PythonDist, name, version, path, python_tag, provides_extra, requirements)

struct PythonEnv {
  std::string prefix;
  std::string kind;            // "venv", "conda", "system", "user", "pyenv"
  std::string python_version;  // "3.11"
  std::vector<std::string> site_packages;
  std::string found_via;       // "VIRTUAL_ENV", "PATH python3", "conda environments.txt", "--env", ...
  std::string python;          // the interpreter that runs it, when known
  std::string base_prefix;     // venv: the base interpreter's home (pyvenv.cfg)
  bool include_system_site_packages = false;
  std::vector<PythonDist> dists;  // only the framework and nvidia-* distributions
  // "windows" for a Windows-layout environment (Lib/site-packages, Scripts/python.exe,
  // a pyvenv.cfg home of C:\...) seen from WSL2 or a mounted disk; "" otherwise.
  std::string platform;
};
GD_JSON(PythonEnv, prefix, kind, python_version, site_packages, found_via, python, base_prefix,
        include_system_site_packages, dists, platform)

// One library the framework loads by soname, resolved with the dynamic loader's rules
// from the framework's own shared object (its RPATH/RUNPATH, then LD_LIBRARY_PATH, ...).
struct FrameworkLib {
  std::string id;              // "cudart", "cublas", "cudnn", ...
  std::string soname;          // "libcudnn.so.8"
  bool required = true;        // the framework gives up on the GPU without it
  std::string min_version;     // "8.9" when the framework needs at least this minor
  // Where min_version comes from: "build_info.py", "torch/include/caffe2/core/macros.h", or
  // "pinned requirement nvidia-cudnn-cu13==9.26.0.51" when only the wheel's pin tells it.
  std::string min_version_source;
  std::string path;            // the file that would be loaded, "" when none
  std::string real_path;
  std::string version;         // of that file: "9.1.0.70", "" when unknown
  std::string found_via;       // "RUNPATH $ORIGIN/../nvidia/cudnn/lib", "LD_LIBRARY_PATH", "ld.so.cache", ...
  bool from_wheel = false;     // inside a site-packages nvidia/* wheel
  // A copy in the framework's own wheels that LD_LIBRARY_PATH (or RPATH order) hides.
  std::string shadowed_path;
  std::string shadowed_version;
  // Other majors of the same library this machine has ("libcudnn.so.9 (9.19.0) /usr/lib/...").
  std::vector<std::string> other_versions;
};
GD_JSON(FrameworkLib, id, soname, required, min_version, min_version_source, path, real_path, version, found_via, from_wheel,
        shadowed_path, shadowed_version, other_versions)

// The CUDA device code compiled into one of the framework's libraries (.nv_fatbin).
struct GpuCode {
  std::string path;
  std::vector<int> sass;          // SM archs with cubins: 50, 60, 70, 75, 80, ...
  std::vector<int> sass_arch_specific;  // "a" targets among them (run only on that exact cc)
  std::vector<int> ptx;           // virtual archs with PTX
  std::string max_ptx_isa;        // newest PTX ISA among PTX entries, "8.2"
  int entries = 0;
  double scan_ms = 0;
  std::string error;
};
GD_JSON(GpuCode, path, sass, sass_arch_specific, ptx, max_ptx_isa, entries, scan_ms, error)

// A compiled extension module beside the framework (mmcv, apex, flash-attn, a custom op):
// the CUDA libraries its DT_NEEDED names.
struct CompiledExtension {
  std::string path;            // ".../site-packages/flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so"
  std::string distribution;    // the dist-info that installed it, "" when unknown
  std::vector<std::string> cuda_needed;  // "libcudart.so.11.0", "libc10_cuda.so", ...
};
GD_JSON(CompiledExtension, path, distribution, cuda_needed)

struct FrameworkInstall {
  std::string framework;       // "tensorflow", "torch", "jax"
  std::string distribution;    // the one that owns the package: "tensorflow", "tensorflow-cpu", "jaxlib"
  std::string version;         // "2.15.1", "2.4.0+cu118"
  std::vector<std::string> distributions;  // every distribution of this framework in the env
  std::string env_prefix;
  std::string env_kind;
  std::string python_version;
  std::string site_packages;
  std::string package_dir;     // ".../site-packages/tensorflow"
  std::string build;           // "cuda", "cpu", "rocm", "metal", "unknown"
  std::string build_source;    // "tensorflow/python/platform/build_info.py", "torch/version.py", ...
  std::string cuda_version;    // built for: "12.2"
  std::string cudnn_version;   // built for: "8", "9.1"
  std::vector<std::string> compute_capabilities;  // as the build records them: "sm_80", "compute_90"
  std::string python_tag;      // Python the wheel was built for, "3.11"
  std::string loader;          // the shared object whose RPATH/RUNPATH resolves the libraries
  std::vector<std::string> loader_rpath;    // DT_RPATH as written ($ORIGIN kept)
  std::vector<std::string> loader_runpath;  // DT_RUNPATH as written
  std::vector<FrameworkLib> libraries;
  std::vector<GpuCode> gpu_code;
  // JAX: the CUDA plugin
  std::string jaxlib_version;
  std::string jax_version;
  std::string plugin;          // "jax-cuda12-plugin"
  std::string plugin_version;
  std::string pjrt;            // "jax-cuda12-pjrt"
  std::string pjrt_version;
  // XLA's tools (TensorFlow and JAX)
  std::string ptxas;           // the ptxas XLA would run, "" when none
  std::string libdevice;       // libdevice.10.bc XLA would use, "" when none
  std::string xla_flags;       // XLA_FLAGS as set
  std::string keras_version;   // TensorFlow: the keras distribution beside it
  std::string and_cuda_extra;  // "and-cuda" when the distribution offers it
  std::vector<std::string> problems;  // what could not be read for this install
  std::string platform;        // the environment's: "windows", "" otherwise
  std::vector<CompiledExtension> extensions;  // torch: extension modules that link CUDA
};
GD_JSON(FrameworkInstall, framework, distribution, version, distributions, env_prefix, env_kind, python_version,
        site_packages, package_dir, build, build_source, cuda_version, cudnn_version, compute_capabilities,
        python_tag, loader, loader_rpath, loader_runpath, libraries, gpu_code, jaxlib_version, jax_version, plugin,
        plugin_version, pjrt, pjrt_version, ptxas, libdevice, xla_flags, keras_version, and_cuda_extra, problems, platform, extensions)

// `--deep`: what the framework itself said when its own minimal GPU check ran in a
// subprocess of the install's Python (src/deep/). Facts like the rest: rules judge them,
// and `collect --deep` then `--facts` gives the same verdict.
struct DeepCheck {
  std::string framework;       // identifies the install with version and env_prefix
  std::string version;
  std::string env_prefix;
  std::string python;          // the interpreter that ran the check
  // "ok" (imported, the check ran), "import_failed", "crashed" (no result line: signal,
  // abort, exit without output), "timeout", "not_run" (no interpreter, could not start)
  std::string status;
  int exit_code = -1;
  int signal = 0;
  double timeout_s = 0;
  double elapsed_s = 0;        // the whole subprocess
  double import_s = -1;        // `import <framework>` alone, -1 when unknown
  std::string imported_version;  // __version__ as the framework reports it
  int gpu_count = -1;          // GPUs the framework sees, -1 when it did not get that far
  std::vector<std::string> devices;  // "/physical_device:GPU:0", "cuda:0 NVIDIA H100", "CudaDevice(id=0)"
  std::string matmul_device;   // where the small matmul ran: "/job:localhost/.../device:GPU:0", "cpu"
  std::string error;           // the exception (or why it did not run), one line
  std::vector<std::string> notes;  // framework specifics: "torch.version.cuda = 12.1", arch list, ...
  std::string log;             // the subprocess's stderr (the framework's log), its last 64 KiB
  bool log_truncated = false;
};
GD_JSON(DeepCheck, framework, version, env_prefix, python, status, exit_code, signal, timeout_s, elapsed_s, import_s,
        imported_version, gpu_count, devices, matmul_device, error, notes, log, log_truncated)

struct FrameworkFacts {
  std::vector<PythonEnv> environments;
  std::vector<FrameworkInstall> installs;
  double scan_ms = 0;          // time spent in the framework probe
  std::vector<DeepCheck> deep;  // empty unless --deep ran
};
GD_JSON(FrameworkFacts, environments, installs, scan_ms, deep)

}  // namespace gpudoctor::facts
