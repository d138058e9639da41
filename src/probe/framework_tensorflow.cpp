// TensorFlow: build_info.py says what the wheel was built for; the DsoLoader in
// libtensorflow_framework.so dlopens the CUDA libraries through its DT_RUNPATH.
#include "parse/build_info_py.hpp"
#include "probe/framework_installs.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

// Distributions that install the `tensorflow` package, most specific GPU build first.
constexpr const char* kTfDists[] = {"tensorflow",     "tensorflow-gpu",   "tf-nightly",      "tf-nightly-gpu",
                                    "tensorflow-rocm", "tensorflow-cpu", "tf-nightly-cpu", "tensorflow-intel",
                                    "tensorflow-cpu-aws", "intel-tensorflow", "tensorflow-macos"};

// The cuDNN minor TF checks at runtime ("CuDNN library needs to have matching major
// version and equal or higher minor version"): the [and-cuda] pin, else the tested config.
std::string cudnn_min_for(const kb::Kb& kb, const std::string& tf_version, const std::string& cudnn_major) {
  std::string tf = util::version_prefix(tf_version, 2);
  std::string v;
  if (const kb::Table* t = kb.table("kb/tf_and_cuda.tsv"))
    for (size_t r = 0; r < t->rows.size(); ++r)
      if (t->get(r, "tf") == tf) v = t->get(r, "cudnn");
  v.erase(0, v.find_first_of("0123456789"));
  v = util::version_prefix(util::split(v, ',').front(), 2);
  if (v.empty())
    if (const kb::Table* t = kb.table("kb/tf_tested.tsv"))
      for (size_t r = 0; r < t->rows.size(); ++r)
        if (t->get(r, "platform") == "linux" && t->get(r, "tf") == tf) v = t->get(r, "cudnn");
  // Only meaningful when it is of the major the wheel was built for.
  return util::version_prefix(v, 1) == cudnn_major ? v : "";
}

}  // namespace

std::optional<facts::FrameworkInstall> tensorflow_install(FrameworkScan& s) {
  std::vector<const facts::PythonDist*> dists;
  for (const char* n : kTfDists)
    if (const auto* d = find_dist(s.env, n)) dists.push_back(d);
  if (dists.empty()) return std::nullopt;
  auto inst = base_install(s, "tensorflow", *dists.front());
  for (const auto* d : dists) inst.distributions.push_back(d->name + " " + d->version);
  // On Windows, tensorflow is a meta package for tensorflow-intel of the same version.
  inst.package_dir = path_join(inst.site_packages, "tensorflow");
  if (const auto* k = find_dist(s.env, "keras")) inst.keras_version = k->version;
  for (const auto& e : dists.front()->provides_extra)
    if (e == "and-cuda") inst.and_cuda_extra = e;

  std::string bi_path = path_join(inst.package_dir, "python/platform/build_info.py");
  auto text = s.ctx.fs.read(bi_path, 1u << 20);
  if (!text) {
    inst.problems.push_back("could not read " + bi_path + ": " + text.error);
    inst.build = "unknown";
    return inst;
  }
  auto bi = parse::parse_tf_build_info(*text);
  if (!bi) {
    inst.problems.push_back("could not parse " + bi_path + ": " + bi.error);
    inst.build = "unknown";
    return inst;
  }
  inst.build_source = bi_path;
  inst.cuda_version = bi->cuda_version;
  inst.cudnn_version = bi->cudnn_version;
  inst.compute_capabilities = bi->compute_capabilities;
  if (bi->is_rocm_build.value_or(false)) inst.build = "rocm";
  else if (bi->is_cuda_build.value_or(false)) inst.build = "cuda";
  else inst.build = dists.front()->name == "tensorflow-macos" ? "metal" : "cpu";
  // A Windows environment loads .dll files: nothing here resolves or scans them.
  if (inst.build != "cuda" || inst.platform == "windows") return inst;

  // The DsoLoader (tsl) lives in libtensorflow_framework.so.N; its RUNPATH is the one
  // dlopen uses. TF 1.x before 1.14 named it without a version.
  for (const char* so : {"libtensorflow_framework.so.2", "libtensorflow_framework.so.1", "libtensorflow_framework.so",
                         "python/_pywrap_tensorflow_internal.so"}) {
    std::string p = path_join(inst.package_dir, so);
    if (s.ctx.fs.is_file(p)) {
      read_loader(s, inst, p);
      break;
    }
  }
  auto wanted = dso_sonames_for_cuda(s.kb, inst.cuda_version);
  if (wanted.empty())
    inst.problems.push_back("no soname table row for CUDA " + inst.cuda_version + " (kb/tf_dso_sonames.tsv)");
  std::string cudnn_major = util::version_prefix(inst.cudnn_version, 1);
  if (!cudnn_major.empty()) {
    std::string min = cudnn_min_for(s.kb, inst.version, cudnn_major);
    std::string source = min.empty() ? "" : "kb/tf_and_cuda.tsv, kb/tf_tested.tsv (what this TensorFlow was built with)";
    wanted.push_back({"cudnn", "libcudnn.so." + cudnn_major, true, min, source});
  }
  resolve_libs(s, inst, wanted);
  scan_gpu_code(s, inst,
                {path_join(inst.package_dir, "libtensorflow_cc.so.2"), path_join(inst.package_dir, "libtensorflow_framework.so.2"),
                 path_join(inst.package_dir, "python/_pywrap_tensorflow_internal.so")});
  find_xla_tools(s, inst);
  return inst;
}

}  // namespace gpudoctor::probe
