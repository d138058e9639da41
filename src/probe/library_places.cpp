#include "probe/library_places.hpp"

#include <algorithm>

#include "probe/library_cuda_roots.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {

std::vector<SearchPlace> library_search_places(const ProbeContext& ctx, const LoaderEnvironment& env) {
  const RootFs& fs = ctx.fs;
  std::vector<SearchPlace> out;
  std::vector<std::string> seen_real;
  auto add = [&](std::string dir, const std::string& via) {
    if (dir.empty()) return;
    if (dir.front() != '/') dir = path_normalize(env.cwd + "/" + dir);
    auto real = fs.resolve(dir);
    if (!real || !fs.is_dir(*real)) return;
    if (std::find(seen_real.begin(), seen_real.end(), *real) != seen_real.end()) return;
    seen_real.push_back(*real);
    out.push_back({std::move(dir), via});
  };
  auto add_children = [&](const std::string& parent, const std::string& rel, const std::string& via) {
    auto names = fs.list_dir(parent);
    if (!names) return;
    for (const auto& n : *names) add(rel.empty() ? path_join(parent, n) : path_join(path_join(parent, n), rel), via);
  };
  auto add_lib_dirs = [&](const std::string& root, const std::string& via) {
    for (const char* lib : {"lib64", "lib"}) {
      add(path_join(root, lib), via);
      add(path_join(root, std::string(lib) + "/stubs"), via);
    }
    add_children(path_join(root, "targets"), "lib", via);
    add_children(path_join(root, "targets"), "lib/stubs", via);
  };

  for (const auto& d : env.ld_library_path) add(d, "LD_LIBRARY_PATH");
  if (env.cache) {
    for (const auto& e : env.cache->entries)
      if (e.flags == env.arch.cache_flags) add(path_dirname(e.path), "ld.so.cache dir");
  }
  for (const auto& d : env.default_dirs) add(d, "default dirs");
  // Roots the user named come first, then conda environments (so a conda env
  // that also holds nvcc reads as "conda", not "PATH"), then the rest.
  auto roots = cuda_root_candidates(ctx);
  for (const auto& r : roots)
    if (r.from_env) add_lib_dirs(r.path, r.found_via);
  for (const auto& c : conda_prefixes(ctx)) add_lib_dirs(c.path, "conda");
  for (const auto& r : roots)
    if (!r.from_env) add_lib_dirs(r.path, r.found_via);
  add("/usr/lib/wsl/lib", "wsl");
  add_children("/usr/lib/wsl/drivers", "", "wsl");
  for (const std::string& d : {"/usr/lib/" + env.arch.multiarch + "/nvidia/current", std::string("/usr/lib64/nvidia"),
                               std::string("/usr/lib/nvidia")})
    add(d, "driver dir");
  if (auto names = fs.list_dir("/usr/local")) {
    for (const auto& n : *names)
      if (util::starts_with(n, "TensorRT")) add("/usr/local/" + n + "/lib", "TensorRT dir");
  }
  return out;
}

}  // namespace gpudoctor::probe
