// JAX: jaxlib is CPU-only since 0.4.x wheels split CUDA into jax-cudaNN-plugin (the
// kernels, jax_cudaNN_plugin/) and jax-cudaNN-pjrt (XLA itself, jax_plugins/xla_cudaNN/
// xla_cuda_plugin.so). The pjrt plugin dlopens the CUDA libraries through DT_RPATH.
#include "parse/dist_info.hpp"
#include "parse/python_metadata.hpp"
#include "probe/framework_installs.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

// The minimum of `wheel` in the plugin's requirements ("nvidia-cudnn-cu12 >=9.8,<10.0 ; ...").
std::string required_min(const facts::PythonDist& plugin, std::string_view wheel_prefix) {
  for (const auto& r : plugin.requirements) {
    if (!util::starts_with(r, wheel_prefix)) continue;
    auto sp = util::split(r, ' ');
    if (sp.size() < 2) continue;
    return parse::minimum_version(sp[1]);
  }
  return "";
}

}  // namespace

std::optional<facts::FrameworkInstall> jax_install(FrameworkScan& s) {
  const auto* jaxlib = find_dist(s.env, "jaxlib");
  if (!jaxlib) return std::nullopt;
  auto inst = base_install(s, "jax", *jaxlib);
  inst.jaxlib_version = jaxlib->version;
  if (const auto* j = find_dist(s.env, "jax")) {
    inst.jax_version = j->version;
    inst.version = j->version;
    inst.distributions.push_back(j->name + " " + j->version);
  }
  inst.distributions.push_back(jaxlib->name + " " + jaxlib->version);
  inst.package_dir = path_join(inst.site_packages, "jaxlib");
  const facts::PythonDist* plugin = nullptr;
  for (const auto& d : s.env.dists) {
    if (util::starts_with(d.name, "jax-cuda") && util::ends_with(d.name, "-plugin")) plugin = &d;
    if (util::starts_with(d.name, "jax-cuda") && util::ends_with(d.name, "-pjrt")) {
      inst.pjrt = d.name;
      inst.pjrt_version = d.version;
    }
    if (util::starts_with(d.name, "jax-") || util::starts_with(d.name, "jax-cuda"))
      inst.distributions.push_back(d.name + " " + d.version);
  }
  // jaxlib wheels from the old jax-releases index were CUDA builds themselves:
  // "0.4.13+cuda12.cudnn89".
  auto plus = jaxlib->version.find("+cuda");
  if (!plugin && plus != std::string::npos) {
    inst.build = "cuda";
    inst.build_source = "jaxlib version tag";
    std::string tag = jaxlib->version.substr(plus + 5);  // "12.cudnn89"
    inst.cuda_version = util::split(tag, '.').front();
    if (auto c = tag.find("cudnn"); c != std::string::npos && tag.size() > c + 6)
      inst.cudnn_version = tag.substr(c + 5, 1) + "." + tag.substr(c + 6);
    return inst;
  }
  if (!plugin && inst.pjrt.empty()) {
    inst.build = "cpu";
    inst.build_source = "no jax-cuda*-plugin / -pjrt distribution";
    return inst;
  }
  inst.build = "cuda";
  std::string cuda_major;
  if (plugin) {
    inst.plugin = plugin->name;
    inst.plugin_version = plugin->version;
    inst.build_source = plugin->path;
    // "jax-cuda12-plugin" -> "12"
    cuda_major = plugin->name.substr(8, plugin->name.find('-', 8) - 8);
  } else {
    cuda_major = inst.pjrt.substr(8, inst.pjrt.find('-', 8) - 8);
  }
  inst.cuda_version = cuda_major;
  std::string cudnn_min;
  if (plugin) {
    std::string cu = "-cu" + cuda_major;
    cudnn_min = required_min(*plugin, "nvidia-cudnn" + cu);
    std::string rt = required_min(*plugin, "nvidia-cuda-runtime" + cu);
    if (rt.empty()) rt = required_min(*plugin, "nvidia-cuda-runtime ");
    if (!rt.empty()) inst.cuda_version = util::version_prefix(rt, 2);
  }
  std::string cudnn_major = cudnn_min.empty() ? "" : util::version_prefix(cudnn_min, 1);
  inst.cudnn_version = util::version_prefix(cudnn_min, 2);

  // A Windows environment loads .dll files: nothing here resolves or scans them.
  if (inst.platform == "windows") return inst;
  std::string pjrt_so = path_join(inst.site_packages, "jax_plugins/xla_cuda" + cuda_major + "/xla_cuda_plugin.so");
  if (s.ctx.fs.is_file(pjrt_so)) read_loader(s, inst, pjrt_so);
  else inst.problems.push_back("no " + pjrt_so);
  auto wanted = dso_sonames_for_cuda(s.kb, cuda_major);
  if (!cudnn_major.empty())
    wanted.push_back({"cudnn", "libcudnn.so." + cudnn_major, true, util::version_prefix(cudnn_min, 2),
                      cudnn_min.empty() ? "" : "the CUDA plugin's nvidia-cudnn requirement"});
  resolve_libs(s, inst, wanted);
  std::vector<std::string> code = {pjrt_so};
  std::string kdir = path_join(inst.site_packages, "jax_cuda" + cuda_major + "_plugin");
  if (auto names = s.ctx.fs.list_dir(kdir))
    for (const auto& n : *names)
      if (util::ends_with(n, ".so")) code.push_back(path_join(kdir, n));
  scan_gpu_code(s, inst, code);
  find_xla_tools(s, inst);
  return inst;
}

}  // namespace gpudoctor::probe
