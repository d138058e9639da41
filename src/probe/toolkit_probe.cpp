// probe_toolkit: every CUDA toolkit root on the machine, its version, and the
// compiler pieces frameworks need at run time (ptxas and libdevice for XLA's JIT,
// nvcc for extensions). Versions come from files; `nvcc --version` and `ptxas --version`
// run only when no file has them, on the live root (ctx.allow_exec), with a timeout.
#include <algorithm>

#include "parse/cuda_version_json.hpp"
#include "parse/cudart_version.hpp"
#include "parse/dist_info.hpp"
#include "parse/nvcc_version.hpp"
#include "probe/library_cuda_roots.hpp"
#include "probe/probes.hpp"
#include "util/strings.hpp"
#include "util/subprocess.hpp"

namespace gpudoctor::probe {
namespace {

constexpr size_t kMaxSmallFile = 1u << 20;
constexpr size_t kMaxToolOutput = 64u << 10;

Result<std::string> read_in_root(const RootFs& fs, const std::string& path) {
  auto real = fs.resolve(path);
  if (!real) return Result<std::string>::fail(real.error);
  return fs.read(*real, kMaxSmallFile);
}

bool is_executable(const RootFs& fs, const std::string& path) {
  auto real = fs.resolve(path);
  if (!real) return false;
  auto st = fs.stat(*real);
  return st && st->is_regular && (st->mode & 0111);
}

struct DistVersion {
  std::string version;
  std::string source;
};

// The wheel that installed a toolkit component: <root>/dist-info/<name>-*.dist-info
// (wheels unpacked into a toolkit layout) or, for a root inside site-packages
// (site-packages/nvidia/cuda_nvcc), site-packages/<name>-*.dist-info.
DistVersion dist_version(const RootFs& fs, const std::string& root, std::string_view dist_name) {
  const std::string want = parse::normalize_dist_name(dist_name);
  for (const std::string& dir : {path_join(root, "dist-info"), path_dirname(path_dirname(root))}) {
    auto real = fs.resolve(dir);
    if (!real) continue;
    auto names = fs.list_dir(*real);
    if (!names) continue;
    for (const auto& n : *names) {
      auto d = parse::parse_dist_info_dirname(n);
      if (d && parse::normalize_dist_name(d->name) == want) return {d->version, "dist-info " + n};
    }
  }
  return {};
}

// Runs `<tool> --version` and parses the "release X.Y, VX.Y.Z" line.
std::string tool_version(ProbeContext& ctx, facts::CudaRoot& root, const std::string& tool_path) {
  std::string what = path_basename(tool_path) + " --version";
  // Run the file the root's links lead to, never what the same path means on the host.
  auto real = ctx.fs.resolve(tool_path);
  if (!real) {
    root.problems.push_back(what + " failed: " + real.error);
    return {};
  }
  auto r = util::run_command({ctx.fs.host_path(*real), "--version"}, ctx.exec_timeout_ms, kMaxToolOutput);
  if (!r.error.empty() || r.exit_code != 0) {
    std::string why = !r.error.empty() ? r.error : "exit status " + std::to_string(r.exit_code);
    root.problems.push_back(what + " failed: " + why);
    ctx.problem("toolkit", tool_path, what + " failed: " + why);
    return {};
  }
  auto v = parse::parse_nvcc_version_output(r.out + "\n" + r.err);
  if (!v) {
    root.problems.push_back(what + ": " + v.error);
    ctx.problem("toolkit", tool_path, what + ": " + v.error);
    return {};
  }
  return v->version;
}

void fill_version(ProbeContext& ctx, facts::CudaRoot& r) {
  const RootFs& fs = ctx.fs;
  std::string vj_path = path_join(r.path, "version.json");
  // Through resolve(): the root is often an absolute link (/usr/local/cuda) that must
  // be followed inside the probe root, not on the host.
  if (fs.resolve(vj_path)) {
    auto text = read_in_root(fs, vj_path);
    auto parsed = text ? parse::parse_cuda_version_json(*text) : parse::ParseResult<parse::CudaVersionJson>::fail(text.error);
    if (parsed) {
      r.components = parsed->components;
      if (!parsed->cuda_version.empty()) {
        r.version = parsed->cuda_version;
        r.version_source = "version.json";
        return;
      }
    } else {
      r.problems.push_back("version.json: " + parsed.error);
      ctx.problem("toolkit", vj_path, parsed.error);
    }
  }
  if (auto text = read_in_root(fs, path_join(r.path, "version.txt"))) {
    if (auto v = parse::parse_cuda_version_txt(*text)) {
      r.version = *v;
      r.version_source = "version.txt";
      return;
    }
  }
  for (auto dist : {"nvidia_cuda_nvcc", "nvidia_cuda_runtime"}) {
    auto d = dist_version(fs, r.path, dist);
    if (!d.version.empty()) {
      r.version = d.version;
      r.version_source = d.source;
      return;
    }
  }
  std::vector<std::string> headers{path_join(r.path, "include/cuda_runtime_api.h")};
  auto targets_dir = fs.resolve(path_join(r.path, "targets"));
  if (auto targets = targets_dir ? fs.list_dir(*targets_dir) : Result<std::vector<std::string>>::fail("")) {
    for (const auto& t : *targets) headers.push_back(path_join(r.path, "targets/" + t + "/include/cuda_runtime_api.h"));
  }
  for (const auto& h : headers) {
    auto text = read_in_root(fs, h);
    if (!text) continue;
    if (auto v = parse::parse_cudart_header_version(*text)) {
      r.version = *v;
      r.version_source = "cuda_runtime_api.h";
      return;
    }
  }
}

void fill_tools(ProbeContext& ctx, facts::CudaRoot& r) {
  const RootFs& fs = ctx.fs;
  std::string nvcc = path_join(r.path, "bin/nvcc");
  std::string ptxas = path_join(r.path, "bin/ptxas");
  if (is_executable(fs, nvcc)) r.nvcc_path = nvcc;
  if (is_executable(fs, ptxas)) r.ptxas_path = ptxas;
  std::string libdevice = path_join(r.path, "nvvm/libdevice/libdevice.10.bc");
  if (auto real = fs.resolve(libdevice); real && fs.is_file(*real)) r.libdevice_path = libdevice;

  // Files first; the tools themselves only where running them is allowed.
  std::string file_version, file_source;
  if (auto it = r.components.find("cuda_nvcc"); it != r.components.end()) {
    file_version = it->second;
    file_source = "version.json";
  } else {
    auto d = dist_version(fs, r.path, "nvidia_cuda_nvcc");
    file_version = d.version;
    file_source = d.source;
  }
  // Starting nvcc and ptxas costs more wall time than the rest of the report together
  // (~40 ms): they only run when no file says their version.
  if (ctx.allow_exec && !r.nvcc_path.empty() && file_version.empty()) {
    r.nvcc_version = tool_version(ctx, r, r.nvcc_path);
    if (!r.nvcc_version.empty()) r.nvcc_version_source = "nvcc --version";
  }
  if (ctx.allow_exec && !r.ptxas_path.empty() && file_version.empty()) {
    r.ptxas_version = tool_version(ctx, r, r.ptxas_path);
    if (!r.ptxas_version.empty()) r.ptxas_version_source = "ptxas --version";
  }
  // ptxas ships in the same component as nvcc (the cuda_nvcc package / wheel).
  if (r.nvcc_version.empty() && !r.nvcc_path.empty() && !file_version.empty()) {
    r.nvcc_version = file_version;
    r.nvcc_version_source = file_source;
  }
  if (r.ptxas_version.empty() && !r.ptxas_path.empty() && !file_version.empty()) {
    r.ptxas_version = file_version;
    r.ptxas_version_source = file_source;
  }
  if (r.version.empty() && !r.nvcc_version.empty() && r.nvcc_version_source == "nvcc --version") {
    r.version = r.nvcc_version;
    r.version_source = "nvcc --version";
  }
}

}  // namespace

void probe_toolkit(ProbeContext& ctx, facts::ToolkitFacts& out) {
  const std::string path_var = ctx.getenv("PATH");
  out.nvcc_on_path = find_in_root_path(ctx.fs, path_var, "nvcc");
  out.ptxas_on_path = find_in_root_path(ctx.fs, path_var, "ptxas");

  for (const auto& rc : cuda_root_candidates(ctx)) {
    auto real = ctx.fs.resolve(rc.path);
    if (real && !ctx.fs.is_dir(*real)) real = Result<std::string>::fail("not a directory");
    if (!real) {
      // Only CUDA_HOME/CUDA_PATH get here unchecked: a variable pointing
      // nowhere is worth reporting as it is.
      facts::CudaRoot r;
      r.path = rc.path;
      r.found_via = rc.found_via;
      r.problems.push_back(rc.found_via + " points to " + rc.path + ": " + real.error);
      out.roots.push_back(std::move(r));
      continue;
    }
    auto same = std::find_if(out.roots.begin(), out.roots.end(),
                             [&](const facts::CudaRoot& r) { return r.real_path == *real; });
    if (same != out.roots.end()) {
      if (same->path != rc.path && std::find(same->aliases.begin(), same->aliases.end(), rc.path) == same->aliases.end())
        same->aliases.push_back(rc.path);
      continue;
    }
    facts::CudaRoot r;
    r.path = rc.path;
    r.real_path = *real;
    r.found_via = rc.found_via;
    if (rc.from_env && !looks_like_cuda_root(ctx.fs, rc.path))
      r.problems.push_back(rc.found_via + " points to " + rc.path + ", which holds no CUDA toolkit files");
    fill_version(ctx, r);
    fill_tools(ctx, r);
    out.roots.push_back(std::move(r));
  }
}

}  // namespace gpudoctor::probe
