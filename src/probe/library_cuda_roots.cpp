#include "probe/library_cuda_roots.hpp"

#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

constexpr size_t kMaxCondaEnvs = 64;
constexpr size_t kMaxWrapperBytes = 4096;

bool is_dir_in_root(const RootFs& fs, const std::string& path) {
  auto real = fs.resolve(path);
  return real && fs.is_dir(*real);
}

bool is_file_in_root(const RootFs& fs, const std::string& path) {
  auto real = fs.resolve(path);
  return real && fs.is_file(*real);
}

}  // namespace

bool looks_like_cuda_root(const RootFs& fs, const std::string& dir) {
  if (!is_dir_in_root(fs, dir)) return false;
  for (const char* rel : {"bin/nvcc", "version.json", "version.txt", "include/cuda_runtime_api.h"})
    if (is_file_in_root(fs, path_join(dir, rel))) return true;
  if (auto targets = fs.list_dir(path_join(dir, "targets"))) {
    for (const auto& t : *targets)
      if (is_file_in_root(fs, path_join(dir, "targets/" + t + "/include/cuda_runtime_api.h"))) return true;
  }
  // lib64 only: every conda env or prefix has a lib/, and a runtime library
  // there does not make it a toolkit.
  if (auto names = fs.list_dir(path_join(dir, "lib64"))) {
    for (const auto& n : *names)
      if (util::starts_with(n, "libcudart.so")) return true;
  }
  return false;
}

std::string find_in_root_path(const RootFs& fs, const std::string& path, const std::string& name) {
  for (auto entry : util::split(path, ':')) {
    if (entry.empty() || entry.front() != '/') continue;
    std::string candidate = path_join(entry, name);
    auto real = fs.resolve(candidate);
    if (!real) continue;
    auto st = fs.stat(*real);
    if (st && st->is_regular && (st->mode & 0111)) return candidate;
  }
  return {};
}

std::string wrapper_target(const RootFs& fs, const std::string& file, const std::string& name) {
  auto real = fs.resolve(file);
  if (!real) return {};
  auto text = fs.read(*real, kMaxWrapperBytes);
  if (!text || !util::starts_with(*text, "#!")) return {};
  const std::string suffix = "/bin/" + name;
  for (const auto& line : util::split_lines(*text)) {
    for (auto word : util::split(line, ' ')) {
      std::string_view w = util::trim(word);
      while (!w.empty() && (w.front() == '"' || w.front() == '\'')) w.remove_prefix(1);
      while (!w.empty() && (w.back() == '"' || w.back() == '\'')) w.remove_suffix(1);
      if (!w.empty() && w.front() == '/' && util::ends_with(w, suffix)) return std::string(w);
    }
  }
  return {};
}

std::vector<RootCandidate> conda_prefixes(const ProbeContext& ctx) {
  std::vector<RootCandidate> out;
  auto add = [&](const std::string& p) {
    if (p.empty() || p.front() != '/' || out.size() >= kMaxCondaEnvs) return;
    for (const auto& o : out)
      if (o.path == p) return;
    if (is_dir_in_root(ctx.fs, p)) out.push_back({p, "conda", false});
  };
  add(ctx.getenv("CONDA_PREFIX"));
  std::vector<std::string> bases;
  std::string home = ctx.getenv("HOME");
  if (!home.empty() && home.front() == '/') {
    for (const char* b : {"miniconda3", "anaconda3", "miniforge3", "mambaforge"}) bases.push_back(path_join(home, b));
  }
  bases.push_back("/opt/conda");
  bases.push_back("/opt/miniconda3");
  for (const auto& b : bases) add(b);
  for (const auto& b : bases) {
    auto envs = ctx.fs.list_dir(path_join(b, "envs"));
    if (!envs) continue;
    for (const auto& e : *envs) add(path_join(b, "envs/" + e));
  }
  return out;
}

std::vector<RootCandidate> cuda_root_candidates(const ProbeContext& ctx) {
  std::vector<RootCandidate> out;
  for (const char* var : {"CUDA_HOME", "CUDA_PATH"}) {
    std::string v = ctx.getenv(var);
    while (v.size() > 1 && v.back() == '/') v.pop_back();
    if (!v.empty()) out.push_back({v, var, true});
  }
  std::string nvcc = find_in_root_path(ctx.fs, ctx.getenv("PATH"), "nvcc");
  if (!nvcc.empty()) {
    // A wrapper script (/usr/local/bin/nvcc -> exec /usr/local/cuda-13.0/bin/nvcc)
    // names the toolkit it runs; follow it instead of taking /usr/local as a root.
    std::string target = wrapper_target(ctx.fs, nvcc, "nvcc");
    std::string real = target.empty() ? ctx.fs.resolve(nvcc).value.value_or(nvcc) : target;
    std::string root = path_dirname(path_dirname(real));
    if (looks_like_cuda_root(ctx.fs, root)) out.push_back({root, "PATH", false});
  }
  std::vector<std::string> local;
  if (auto names = ctx.fs.list_dir("/usr/local")) {
    for (const auto& n : *names)
      if (n == "cuda" || util::starts_with(n, "cuda-")) local.push_back("/usr/local/" + n);
  }
  for (const auto& p : local)
    if (looks_like_cuda_root(ctx.fs, p)) out.push_back({p, "/usr/local/cuda*", false});
  if (looks_like_cuda_root(ctx.fs, "/opt/cuda")) out.push_back({"/opt/cuda", "/opt/cuda", false});
  for (const auto& c : conda_prefixes(ctx))
    if (looks_like_cuda_root(ctx.fs, c.path)) out.push_back(c);
  return out;
}

}  // namespace gpudoctor::probe
