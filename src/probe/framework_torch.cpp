// PyTorch: torch/version.py says what it was built for; libtorch_cuda.so names the
// CUDA libraries it needs as DT_NEEDED and finds the nvidia-* wheels via DT_RPATH.
#include "parse/python_metadata.hpp"
#include "parse/torch_version_py.hpp"
#include "probe/framework_installs.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

// DT_NEEDED stems that are CUDA libraries, and their ids.
constexpr std::pair<const char*, const char*> kCudaStems[] = {
    {"libcudart", "cudart"},   {"libcublasLt", "cublasLt"}, {"libcublas", "cublas"},   {"libcufft", "cufft"},
    {"libcurand", "curand"},   {"libcusolver", "cusolver"}, {"libcusparseLt", "cusparseLt"},
    {"libcusparse", "cusparse"}, {"libcudnn", "cudnn"},     {"libnccl", "nccl"},       {"libnvrtc", "nvrtc"},
    {"libnvJitLink", "nvjitlink"}, {"libcupti", "cupti"},   {"libnvToolsExt", "nvtx"}, {"libcufile", "cufile"},
    {"libnvshmem", "nvshmem"}};

std::string cuda_lib_id(std::string_view soname) {
  for (const auto& [stem, id] : kCudaStems) {
    std::string st(stem);
    // "libcudart.so.12" and bundled "libcudart-45da57e3.so.11.0"
    if (util::starts_with(soname, st + ".so") || util::starts_with(soname, st + "-")) return id;
  }
  return "";
}

// The cuDNN torch was compiled against, read without running Python. First the build
// strings CMake wrote into the wheel's torch/include/caffe2/core/macros.h (what
// torch.__config__.show() prints: {"CUDNN_VERSION", "9.20.0"}); else the cuDNN wheel the
// torch wheel pins (Requires-Dist: nvidia-cudnn-cu13==9.26.0.51), which is what PyPI
// builds are compiled with, said as such.
struct CompiledCudnn {
  std::string version;  // "9.20.0"
  std::string source;
};

CompiledCudnn compiled_cudnn(FrameworkScan& s, const facts::FrameworkInstall& inst, const facts::PythonDist& dist) {
  std::string macros = path_join(inst.package_dir, "include/caffe2/core/macros.h");
  if (auto text = s.ctx.fs.read(macros, 1u << 20)) {
    constexpr std::string_view kKey = "{\"CUDNN_VERSION\", \"";
    auto at = text->find(kKey);
    if (at != std::string::npos) {
      auto start = at + kKey.size();
      auto end = text->find('"', start);
      std::string v = end == std::string::npos ? "" : text->substr(start, end - start);
      if (!v.empty() && v.find('.') != std::string::npos) return {v, "torch/include/caffe2/core/macros.h"};
    }
  }
  for (const auto& r : dist.requirements) {
    if (!util::starts_with(r, "nvidia-cudnn-cu")) continue;
    auto spec = util::split(r, ' ');
    if (spec.size() < 2) continue;
    std::string pin = parse::pinned_version(spec[1]);
    if (pin.empty()) continue;
    return {pin, "pinned requirement " + std::string(spec[0]) + "==" + pin +
                     " (torch's METADATA; the compiled-in version itself was not readable)"};
  }
  return {};
}

// Compiled extension modules beside torch that link CUDA (mmcv, apex, flash-attn, xformers,
// torchvision, a custom op): the .so files at the top of site-packages and one level into
// the packages known to ship them. Bounded: 64 files, each read only for its DT_NEEDED.
std::vector<facts::CompiledExtension> cuda_extensions(FrameworkScan& s, const std::string& site_packages) {
  constexpr size_t kMaxFiles = 64;
  static const char* const kPackages[] = {"mmcv",     "apex",        "flash_attn", "flash_attn_3", "xformers",
                                          "detectron2", "torchvision", "torchaudio", "bitsandbytes", "vllm"};
  std::vector<std::string> files;
  auto add_dir = [&](const std::string& dir, bool top) {
    auto real = s.ctx.fs.resolve(dir);
    if (!real) return;
    auto names = s.ctx.fs.list_dir(*real);
    if (!names) return;
    for (const auto& n : *names) {
      if (files.size() >= kMaxFiles) return;
      if (!util::ends_with(n, ".so")) continue;
      if (top && !util::contains(n, ".cpython-") && !util::contains(n, ".abi3.")) continue;
      if (s.ctx.fs.is_file(path_join(dir, n))) files.push_back(path_join(dir, n));
    }
  };
  add_dir(site_packages, true);
  for (const char* p : kPackages) add_dir(path_join(site_packages, p), false);
  std::vector<facts::CompiledExtension> out;
  for (const auto& f : files) {
    facts::CompiledExtension e;
    e.path = f;
    for (const auto& n : needed_of(s, f))
      if (!cuda_lib_id(n).empty() || util::starts_with(n, "libc10_cuda") || util::starts_with(n, "libtorch_cuda"))
        e.cuda_needed.push_back(n);
    if (!e.cuda_needed.empty()) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::optional<facts::FrameworkInstall> torch_install(FrameworkScan& s) {
  const auto* d = find_dist(s.env, "torch");
  if (!d) return std::nullopt;
  auto inst = base_install(s, "torch", *d);
  inst.distributions.push_back(d->name + " " + d->version);
  inst.package_dir = path_join(inst.site_packages, "torch");
  std::string vp = path_join(inst.package_dir, "version.py");
  auto text = s.ctx.fs.read(vp, 1u << 20);
  auto tv = text ? parse::parse_torch_version_py(*text) : parse::ParseResult<parse::TorchVersionInfo>::fail(text.error);
  if (!tv) {
    inst.problems.push_back("could not read " + vp + ": " + tv.error);
    inst.build = "unknown";
    return inst;
  }
  inst.build_source = vp;
  inst.cuda_version = tv->cuda;
  if (!tv->hip.empty()) inst.build = "rocm";
  else if (!tv->cuda.empty()) inst.build = "cuda";
  else inst.build = "cpu";
  // A Windows environment loads .dll files: nothing here resolves or scans them.
  if (inst.build != "cuda" || inst.platform == "windows") return inst;

  // libtorch_cuda.so (split into _cu/_cpp in 1.11-1.13) carries the CUDA kernels.
  std::vector<std::string> libs;
  for (const char* n : {"lib/libtorch_cuda.so", "lib/libtorch_cuda_cu.so", "lib/libtorch_cuda_cpp.so", "lib/libc10_cuda.so"})
    libs.push_back(path_join(inst.package_dir, n));
  std::string loader;
  for (const auto& l : libs)
    if (s.ctx.fs.is_file(l)) {
      loader = l;
      break;
    }
  if (loader.empty()) {
    inst.problems.push_back("no lib/libtorch_cuda.so in " + inst.package_dir);
    return inst;
  }
  read_loader(s, inst, loader);
  std::vector<WantedLib> wanted;
  for (const auto& l : libs) {
    if (!s.ctx.fs.is_file(l)) continue;
    for (const auto& n : needed_of(s, l)) {
      std::string id = cuda_lib_id(n);
      if (id.empty()) continue;
      bool seen = std::any_of(wanted.begin(), wanted.end(), [&](const WantedLib& w) { return w.soname == n; });
      if (!seen) wanted.push_back({id, n, true, "", ""});
    }
  }
  for (auto& w : wanted) {
    if (w.id != "cudnn") continue;
    inst.cudnn_version = w.soname.substr(w.soname.rfind('.') + 1);
    // torch/backends/cudnn/__init__.py refuses a runtime cuDNN of another major, or of an
    // older minor (cuDNN >= 7; before 7 the minor must match): the compile version is the floor.
    auto compiled = compiled_cudnn(s, inst, *d);
    if (!compiled.version.empty() && util::version_prefix(compiled.version, 1) == inst.cudnn_version) {
      w.min_version = util::version_prefix(compiled.version, 2);
      w.min_version_source = compiled.source;
    }
  }
  resolve_libs(s, inst, wanted);
  scan_gpu_code(s, inst, libs);
  inst.extensions = cuda_extensions(s, inst.site_packages);
  return inst;
}

}  // namespace gpudoctor::probe
