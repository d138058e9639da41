#include "probe/framework_common.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "parse/elf_reader.hpp"
#include "parse/fatbin.hpp"
#include "probe/framework_mapped_file.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

// "…/site-packages/nvidia/cudnn/lib/libcudnn.so.9" -> the nvidia-* distribution that
// ships it: its directory name is the dist name without "nvidia-" and "-cuXX".
const facts::PythonDist* owning_nvidia_wheel(const facts::PythonEnv& env, const std::string& path) {
  auto pos = path.find("/nvidia/");
  if (pos == std::string::npos) return nullptr;
  std::string rest = path.substr(pos + 8);
  std::string comp = rest.substr(0, rest.find('/'));
  for (const auto& d : env.dists) {
    if (!util::starts_with(d.name, "nvidia-")) continue;
    std::string n = d.name.substr(7);
    for (const char* suf : {"-cu11", "-cu12", "-cu13"})
      if (util::ends_with(n, suf)) n.resize(n.size() - 5);
    std::replace(n.begin(), n.end(), '-', '_');
    if (n == comp) return &d;
  }
  return nullptr;
}

// A version from the library's own file name: libcudnn.so.8.9.7 -> "8.9.7".
std::string version_from_name(const std::string& real_path) {
  std::string base = path_basename(real_path);
  auto pos = base.find(".so.");
  if (pos == std::string::npos) return "";
  std::string v = base.substr(pos + 4);
  return util::split(v, '.').size() >= 2 ? v : "";
}

// What the library probe learned about the same file (cudnn_version.h, ...).
std::string version_from_library_facts(const facts::Facts& f, const std::string& path, const std::string& real) {
  for (const auto& l : f.libraries)
    for (const auto& c : l.candidates)
      if (!c.version.empty() && (c.path == path || c.real_path == real || c.real_path == path)) return c.version;
  return "";
}

std::string describe_version(FrameworkScan& s, const std::string& path, std::string* real_out, bool* wheel) {
  auto real = s.ctx.fs.resolve(path);
  std::string rp = real ? *real : path;
  if (real_out) *real_out = rp;
  if (const auto* d = owning_nvidia_wheel(s.env, path)) {
    if (wheel) *wheel = true;
    return d->version;
  }
  if (wheel) *wheel = false;
  std::string v = version_from_name(rp);
  if (v.empty()) v = version_from_library_facts(s.facts, path, rp);
  return v;
}

std::string isa_text(int major, int minor) { return std::to_string(major) + "." + std::to_string(minor); }

}  // namespace

std::string soname_stem(std::string_view soname) {
  auto pos = soname.find(".so");
  return std::string(soname.substr(0, pos == std::string_view::npos ? soname.size() : pos + 4));
}

const facts::PythonDist* find_dist(const facts::PythonEnv& env, std::string_view name) {
  for (const auto& d : env.dists)
    if (d.name == name) return &d;
  return nullptr;
}

std::vector<std::string> needed_of(FrameworkScan& s, const std::string& so) {
  auto real = s.ctx.fs.resolve(so);
  if (!real) return {};
  MappedFile mf;
  if (!mf.open(s.ctx.fs, *real).empty()) return {};
  auto elf = parse::parse_elf(mf.bytes());
  return elf ? elf->needed : std::vector<std::string>{};
}

bool read_loader(FrameworkScan& s, facts::FrameworkInstall& inst, const std::string& so) {
  auto real = s.ctx.fs.resolve(so);
  if (!real) {
    inst.problems.push_back("could not read " + so + ": " + real.error);
    return false;
  }
  MappedFile mf;
  if (auto err = mf.open(s.ctx.fs, *real); !err.empty()) {
    inst.problems.push_back("could not read " + so + ": " + err);
    return false;
  }
  auto elf = parse::parse_elf(mf.bytes());
  if (!elf) {
    inst.problems.push_back("could not parse " + so + ": " + elf.error);
    return false;
  }
  inst.loader = *real;
  inst.loader_rpath = elf->rpath;
  inst.loader_runpath = elf->runpath;
  return true;
}

void resolve_libs(FrameworkScan& s, facts::FrameworkInstall& inst, const std::vector<WantedLib>& wanted) {
  if (inst.loader.empty()) return;
  // Conda's python carries DT_RPATH $ORIGIN/../lib, used for objects without RUNPATH.
  std::vector<std::string> exe_rpath;
  if (s.env.kind == "conda") exe_rpath = {"$ORIGIN/../lib"};
  auto order = s.resolver.search_order(inst.loader, inst.loader_rpath, inst.loader_runpath, exe_rpath,
                                       path_join(s.env.prefix, "bin"));
  for (const auto& w : wanted) {
    facts::FrameworkLib lib;
    lib.id = w.id;
    lib.soname = w.soname;
    lib.required = w.required;
    lib.min_version = w.min_version;
    lib.min_version_source = w.min_version_source;
    auto r = s.resolver.resolve(w.soname, order);
    if (!r.path.empty()) {
      lib.path = r.path;
      lib.found_via = r.found_via;
      lib.version = describe_version(s, r.path, &lib.real_path, &lib.from_wheel);
      // A copy in the framework's own wheels that the winner hides: it comes later in
      // the order (LD_LIBRARY_PATH is searched before DT_RUNPATH).
      if (!lib.from_wheel) {
        for (const auto& sd : order) {
          if (!util::contains(sd.dir, "/nvidia/")) continue;
          std::string p = path_join(sd.dir, w.soname);
          if (!s.ctx.fs.is_file(p)) continue;
          lib.shadowed_path = p;
          lib.shadowed_version = describe_version(s, p, nullptr, nullptr);
          break;
        }
      }
    }
    for (const auto& p : s.resolver.reachable_with_stem(soname_stem(w.soname), order)) {
      if (path_basename(p) == w.soname) continue;
      // Only versioned sonames count ("libcudnn.so.9"), not dev links or sub-libraries.
      std::string rest = path_basename(p).substr(soname_stem(w.soname).size());
      if (rest.empty() || !std::isdigit(static_cast<unsigned char>(rest[0]))) continue;
      std::string v = describe_version(s, p, nullptr, nullptr);
      std::string item = path_basename(p) + (v.empty() ? "" : " (" + v + ")") + " in " + path_dirname(p);
      if (std::find(lib.other_versions.begin(), lib.other_versions.end(), item) == lib.other_versions.end())
        lib.other_versions.push_back(item);
    }
    inst.libraries.push_back(std::move(lib));
  }
}

void scan_gpu_code(FrameworkScan& s, facts::FrameworkInstall& inst, const std::vector<std::string>& paths) {
  for (const auto& p : paths) {
    auto real = s.ctx.fs.resolve(p);
    if (!real || !s.ctx.fs.is_file(*real)) continue;
    facts::GpuCode g;
    g.path = p;
    auto t0 = std::chrono::steady_clock::now();
    MappedFile mf;
    if (auto err = mf.open(s.ctx.fs, *real); !err.empty()) {
      g.error = err;
    } else if (auto entries = parse::parse_fatbins_in_elf(mf.bytes()); !entries) {
      g.error = entries.error;
    } else {
      auto sum = parse::summarize_fatbin(*entries);
      g.sass.assign(sum.sass.begin(), sum.sass.end());
      g.sass_arch_specific.assign(sum.sass_arch_specific.begin(), sum.sass_arch_specific.end());
      for (int a : sum.ptx)
        if (!sum.ptx_arch_specific.count(a)) g.ptx.push_back(a);
      if (sum.max_ptx_major) g.max_ptx_isa = isa_text(sum.max_ptx_major, sum.max_ptx_minor);
      g.entries = static_cast<int>(sum.entries);
    }
    g.scan_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    // Libraries without device code (most of TF's .so files) are not worth listing.
    if (g.entries > 0 || !g.error.empty()) inst.gpu_code.push_back(std::move(g));
  }
}

void find_xla_tools(FrameworkScan& s, facts::FrameworkInstall& inst) {
  inst.xla_flags = s.ctx.getenv("XLA_FLAGS");
  std::vector<std::string> roots;
  // --xla_gpu_cuda_data_dir=DIR overrides the search.
  for (auto part : util::split(inst.xla_flags, ' ')) {
    part = util::trim(part);
    if (util::starts_with(part, "--xla_gpu_cuda_data_dir=")) roots.emplace_back(part.substr(24));
  }
  // CandidateCudaRoots(): TF_CUDA_TOOLKIT_PATH-style build root, /usr/local/cuda, and the
  // nvidia-cuda-nvcc wheel next to the loaded library (../nvidia/cuda_nvcc, ../../nvidia/cuda_nvcc).
  roots.push_back(path_join(inst.site_packages, "nvidia/cuda_nvcc"));
  roots.push_back(path_join(inst.site_packages, "nvidia/cu13"));
  roots.push_back("/usr/local/cuda");
  for (const auto& r : roots) {
    std::string ld = path_join(r, "nvvm/libdevice/libdevice.10.bc");
    if (inst.libdevice.empty() && s.ctx.fs.is_file(ld)) inst.libdevice = ld;
    std::string px = path_join(r, "bin/ptxas");
    if (inst.ptxas.empty() && s.ctx.fs.is_file(px)) inst.ptxas = px;
  }
  // XLA prefers ptxas from PATH (PreferPtxasFromPath) when it is there.
  const std::string path_var = s.ctx.getenv("PATH");
  for (auto dir : util::split(path_var, ':')) {
    if (dir.empty()) continue;
    std::string px = path_join(dir, "ptxas");
    if (s.ctx.fs.is_file(px)) {
      inst.ptxas = px;
      break;
    }
  }
}

std::vector<WantedLib> dso_sonames_for_cuda(const kb::Kb& kb, const std::string& cuda_version) {
  std::vector<WantedLib> out;
  const kb::Table* t = kb.table("kb/tf_dso_sonames.tsv");
  if (!t || cuda_version.empty()) return out;
  std::string mm = util::version_prefix(cuda_version, 2);
  std::string major = util::version_prefix(cuda_version, 1);
  for (const std::string& key : {mm, major}) {
    for (size_t r = 0; r < t->rows.size(); ++r)
      if (t->get(r, "cuda") == key)
        out.push_back({t->get(r, "lib"), t->get(r, "soname"), t->get(r, "required") == "yes", "", ""});
    if (!out.empty()) break;
  }
  return out;
}

}  // namespace gpudoctor::probe
