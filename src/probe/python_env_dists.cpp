// Reads the dist-info / egg-info directories of the distributions gpudoctor judges.
#include "parse/dist_info.hpp"
#include "parse/python_metadata.hpp"
#include "probe/python_env.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

// Requirements worth keeping in the facts: the CUDA wheels and the JAX pieces.
bool keep_requirement(const parse::Requirement& r) {
  return util::starts_with(r.name, "nvidia-") || r.name == "jaxlib" || util::starts_with(r.name, "jax-cuda") ||
         r.name == "tensorrt";
}

}  // namespace

void scan_python_dists(ProbeContext& ctx, facts::PythonEnv& env) {
  for (const auto& site : env.site_packages) {
    auto names = ctx.fs.list_dir(site);
    if (!names) {
      ctx.problem("frameworks", site, names.error);
      continue;
    }
    for (const auto& n : *names) {
      auto dn = parse::parse_dist_dir_name(n);
      if (!dn) continue;
      std::string norm = parse::normalize_dist_name(dn->name);
      if (!is_framework_related_dist(norm)) continue;
      facts::PythonDist d;
      d.name = norm;
      d.version = dn->version;
      d.path = path_join(site, n);
      // egg-info is a directory with PKG-INFO, or (old setuptools) the file itself.
      std::string meta_path = dn->egg_info ? (ctx.fs.is_dir(d.path) ? path_join(d.path, "PKG-INFO") : d.path)
                                           : path_join(d.path, "METADATA");
      auto text = ctx.fs.read(meta_path, 4u << 20);
      if (!text) {
        ctx.problem("frameworks", meta_path, text.error);
      } else if (auto m = parse::parse_core_metadata(*text)) {
        if (!m->version.empty()) d.version = m->version;
        d.provides_extra = m->provides_extra;
        for (const auto& r : m->requires_dist)
          if (keep_requirement(r))
            d.requirements.push_back(r.name + " " + r.specifier + (r.marker.empty() ? "" : " ; " + r.marker));
      } else {
        ctx.problem("frameworks", meta_path, m.error);
      }
      if (!dn->egg_info) {
        if (auto wheel = ctx.fs.read(path_join(d.path, "WHEEL"), 64u << 10)) d.python_tag = parse::wheel_python_tag(*wheel);
      }
      env.dists.push_back(std::move(d));
    }
  }
}

}  // namespace gpudoctor::probe
