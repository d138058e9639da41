#include "probe/python_env.hpp"

#include <algorithm>

#include "parse/pyvenv_cfg.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

// "python3.11" -> "3.11"
std::string version_of_lib_dir(std::string_view name) {
  if (!util::starts_with(name, "python")) return "";
  std::string_view v = name.substr(6);
  auto parts = util::split(v, '.');
  if (parts.size() != 2 || !util::parse_int(parts[0]) || !util::parse_int(parts[1])) return "";
  return std::string(v);
}

// "311" (from "Python311" or "python311.dll") -> "3.11"; "" when it is not that.
std::string version_of_compact(std::string_view digits) {
  if (digits.size() < 2 || digits.size() > 4 || digits[0] != '3') return "";
  if (!util::parse_int(digits)) return "";
  return "3." + std::string(digits.substr(1));
}

// "C:\Users\u\AppData\..." or "D:/Python311": a Windows path.
bool is_windows_path(std::string_view p) {
  return p.size() >= 3 && ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':' &&
         (p[2] == '\\' || p[2] == '/');
}

// The Python version of a Windows layout: the "Python3XY" folder, else a python3XY.dll
// beside the interpreter.
std::string windows_python_version(const ProbeContext& ctx, const std::string& prefix) {
  std::string base = util::to_lower(path_basename(prefix));
  if (util::starts_with(base, "python")) {
    std::string v = version_of_compact(std::string_view(base).substr(6));
    if (!v.empty()) return v;
  }
  for (const char* dir : {"", "Scripts"}) {
    auto names = ctx.fs.list_dir(*dir ? path_join(prefix, dir) : prefix);
    if (!names) continue;
    for (const auto& n : *names) {
      std::string l = util::to_lower(n);
      if (!util::starts_with(l, "python") || !util::ends_with(l, ".dll")) continue;
      std::string v = version_of_compact(std::string_view(l).substr(6, l.size() - 10));
      if (!v.empty()) return v;
    }
  }
  return "";
}

std::string home_of(const ProbeContext& ctx) {
  std::string h = ctx.getenv("HOME");
  return h.empty() ? "/root" : h;
}

// A pyenv shim is a shell script; the interpreter it runs is chosen by PYENV_VERSION,
// else the global version file (pyenv(1) "Choosing the Python Version"). The local
// .python-version of some working directory cannot be known here.
std::string pyenv_prefix_for_shim(const ProbeContext& ctx, const std::string& shim) {
  std::string root = ctx.getenv("PYENV_ROOT");
  if (root.empty()) root = path_dirname(path_dirname(shim));
  std::string version = ctx.getenv("PYENV_VERSION");
  if (version.empty()) {
    auto v = ctx.fs.read(path_join(root, "version"), 4096);
    if (v) {
      auto lines = util::split_lines(*v);
      if (!lines.empty()) version = std::string(util::trim(lines.front()));
    }
  }
  version = std::string(util::trim(util::split(version, ':').front()));
  if (version.empty() || version == "system") return "";
  return path_join(path_join(root, "versions"), version);
}

// The prefix a python executable belongs to.
std::string prefix_of_python(const ProbeContext& ctx, const std::string& exe) {
  // Windows: PREFIX\python.exe, or a venv's PREFIX\Scripts\python.exe.
  if (util::ends_with(util::to_lower(exe), ".exe")) {
    std::string dir = path_dirname(exe);
    return util::to_lower(path_basename(dir)) == "scripts" ? path_dirname(dir) : dir;
  }
  // A venv's bin/python is a symlink to the base interpreter: look for pyvenv.cfg
  // before following it.
  std::string up = path_dirname(path_dirname(exe));
  if (ctx.fs.is_file(path_join(up, "pyvenv.cfg"))) return up;
  if (util::contains(exe, "/shims/")) return pyenv_prefix_for_shim(ctx, exe);
  auto real = ctx.fs.resolve(exe);
  if (!real) return "";
  return path_dirname(path_dirname(*real));
}

void add_site_dir(const ProbeContext& ctx, facts::PythonEnv& env, const std::string& dir) {
  if (!ctx.fs.is_dir(dir)) return;
  if (std::find(env.site_packages.begin(), env.site_packages.end(), dir) == env.site_packages.end())
    env.site_packages.push_back(dir);
}

}  // namespace

bool is_framework_related_dist(const std::string& n) {
  static const char* const kExact[] = {"tensorflow",       "tensorflow-cpu",   "tensorflow-gpu",  "tf-nightly",
                                       "tf-nightly-cpu",   "tf-nightly-gpu",   "tensorflow-intel", "tensorflow-macos",
                                       "tensorflow-metal", "tensorflow-rocm",  "tensorflow-cpu-aws", "intel-tensorflow",
                                       "keras",            "torch",            "jax",             "jaxlib"};
  for (const char* e : kExact)
    if (n == e) return true;
  return util::starts_with(n, "nvidia-") || util::starts_with(n, "jax-cuda") || util::starts_with(n, "jax-rocm");
}

facts::PythonEnv describe_python_env(ProbeContext& ctx, const EnvRequest& req) {
  facts::PythonEnv env;
  std::string prefix = req.path;
  // A python executable names its env; a directory is the prefix itself.
  if (!ctx.fs.is_dir(prefix)) {
    env.python = prefix;
    prefix = prefix_of_python(ctx, prefix);
    if (prefix.empty()) return env;
  }
  env.prefix = path_normalize(prefix);
  env.found_via = req.found_via;
  env.kind = req.kind;
  auto cfg_text = ctx.fs.read(path_join(env.prefix, "pyvenv.cfg"), 64u << 10);
  if (cfg_text) {
    auto cfg = parse::parse_pyvenv_cfg(*cfg_text);
    if (cfg) {
      env.kind = "venv";
      env.base_prefix = cfg->home;
      env.include_system_site_packages = cfg->include_system_site_packages;
      env.python_version = util::version_prefix(cfg->version, 2);
      if (is_windows_path(cfg->home)) {
        env.platform = "windows";
        // The base interpreter's folder names the version when pyvenv.cfg does not.
        if (env.python_version.empty()) {
          std::string home = cfg->home;
          std::replace(home.begin(), home.end(), '\\', '/');
          while (!home.empty() && home.back() == '/') home.pop_back();
          std::string base = util::to_lower(path_basename(home));
          if (util::starts_with(base, "python")) env.python_version = version_of_compact(std::string_view(base).substr(6));
        }
      }
    }
  } else if (env.kind.empty() && ctx.fs.is_dir(path_join(env.prefix, "conda-meta"))) {
    env.kind = "conda";
  }
  // Layout: lib/pythonX.Y/site-packages (also lib64 on Fedora-style systems).
  for (const char* lib : {"lib", "lib64"}) {
    auto names = ctx.fs.list_dir(path_join(env.prefix, lib));
    if (!names) continue;
    for (const auto& n : *names) {
      std::string v = version_of_lib_dir(n);
      if (v.empty()) continue;
      std::string base = path_join(path_join(env.prefix, lib), n);
      add_site_dir(ctx, env, path_join(base, "site-packages"));
      add_site_dir(ctx, env, path_join(base, "dist-packages"));
      if (env.python_version.empty()) env.python_version = v;
    }
  }
  // Windows layout: Lib\site-packages, Scripts\python.exe (venv) or python.exe (base,
  // conda). The Linux lib/ above does not exist there (a case-insensitive mount aside).
  if (env.site_packages.empty() || env.platform == "windows") {
    std::string win_site = path_join(env.prefix, "Lib/site-packages");
    bool has_exe = ctx.fs.is_file(path_join(env.prefix, "Scripts/python.exe")) ||
                   ctx.fs.is_file(path_join(env.prefix, "python.exe"));
    if (ctx.fs.is_dir(win_site) && (has_exe || env.platform == "windows")) {
      env.platform = "windows";
      add_site_dir(ctx, env, win_site);
    }
    if (env.platform == "windows") {
      for (const char* exe : {"Scripts/python.exe", "python.exe"})
        if (env.python.empty() && ctx.fs.is_file(path_join(env.prefix, exe))) env.python = path_join(env.prefix, exe);
      if (env.python_version.empty()) env.python_version = windows_python_version(ctx, env.prefix);
    }
  }
  // Debian's system Python keeps its packages in /usr/lib/python3/dist-packages.
  if (env.platform.empty() && (env.kind == "system" || env.prefix == "/usr")) {
    add_site_dir(ctx, env, path_join(env.prefix, "lib/python3/dist-packages"));
    if (!env.python_version.empty())
      add_site_dir(ctx, env, "/usr/local/lib/python" + env.python_version + "/dist-packages");
  }
  if (env.kind.empty()) env.kind = env.prefix == "/usr" || env.prefix == "/usr/local" ? "system" : "prefix";
  if (env.python.empty() && env.platform.empty()) {
    for (const char* exe : {"bin/python3", "bin/python"})
      if (ctx.fs.exists(path_join(env.prefix, exe))) {
        env.python = path_join(env.prefix, exe);
        break;
      }
  }
  if (env.site_packages.empty()) env.kind.clear();  // not a Python environment
  return env;
}

namespace {

// Under WSL2 the Windows disk is /mnt/c: the Python installs and conda folders a Windows
// user has, at their usual places only (a walk of /mnt/c would take minutes).
void add_windows_requests(const ProbeContext& ctx, std::vector<EnvRequest>& reqs) {
  const std::string users = "/mnt/c/Users";
  auto names = ctx.fs.list_dir(users);
  if (!names) return;
  size_t seen = 0;
  for (const auto& u : *names) {
    if (++seen > 64) break;
    if (u == "Public" || u == "Default" || u == "Default User" || u == "All Users") continue;
    std::string uh = path_join(users, u);
    std::string py_root = path_join(uh, "AppData/Local/Programs/Python");
    if (auto pys = ctx.fs.list_dir(py_root))
      for (const auto& p : *pys)
        if (util::starts_with(util::to_lower(p), "python3"))
          reqs.push_back({path_join(py_root, p), "", "WSL2 " + py_root});
    for (const char* r : {"anaconda3", "miniconda3"}) {
      std::string root = path_join(uh, r);
      if (!ctx.fs.is_dir(root)) continue;
      reqs.push_back({root, "conda", std::string("WSL2 Windows ") + r});
      if (auto envs = ctx.fs.list_dir(path_join(root, "envs")))
        for (const auto& e : *envs)
          reqs.push_back({path_join(path_join(root, "envs"), e), "conda", std::string("WSL2 Windows ") + r + " envs/"});
    }
  }
}

}  // namespace

bool is_tool_env(std::string_view path) {
  // uv keeps `uv tool install` envs in .../uv/tools/NAME and `uvx` ones in its cache
  // (.../uv/archive-v0/HASH); pipx in .../pipx/venvs/NAME (and .../pipx/.cache for `pipx run`).
  for (std::string_view marker : {"/uv/tools/", "/uv/archive-v", "/pipx/venvs/", "/pipx/.cache/"})
    if (path.find(marker) != std::string_view::npos) return true;
  return false;
}

std::vector<facts::PythonEnv> discover_python_envs(ProbeContext& ctx, const std::vector<EnvRequest>& explicit_envs,
                                                   bool wsl) {
  std::vector<EnvRequest> reqs = explicit_envs;
  std::string home = home_of(ctx);
  if (auto v = ctx.getenv("VIRTUAL_ENV"); !v.empty() && !is_tool_env(v)) reqs.push_back({v, "venv", "VIRTUAL_ENV"});
  if (auto c = ctx.getenv("CONDA_PREFIX"); !c.empty()) reqs.push_back({c, "conda", "CONDA_PREFIX"});
  // pip installed gpudoctor into a venv and it runs as /venv/bin/gpudoctor, unactivated.
  if (!ctx.self_exe.empty() && !is_tool_env(ctx.self_exe))
    if (std::string prefix = path_dirname(path_dirname(ctx.self_exe)); ctx.fs.is_file(path_join(prefix, "pyvenv.cfg")))
      reqs.push_back({prefix, "venv", "gpudoctor's own venv"});
  // The interpreters `python3` and `python` would start, in PATH order.
  const std::string path_var = ctx.getenv("PATH");
  for (auto dir : util::split(path_var, ':')) {
    if (dir.empty() || is_tool_env(dir)) continue;
    for (const char* exe : {"python3", "python"}) {
      std::string p = path_join(dir, exe);
      if (ctx.fs.is_file(p)) reqs.push_back({p, "", std::string("PATH ") + exe});
    }
  }
  // conda: environments.txt lists every env conda created; envs/ holds the rest.
  if (auto txt = ctx.fs.read(path_join(home, ".conda/environments.txt"), 1u << 20)) {
    for (const auto& line : util::split_lines(*txt))
      if (!util::trim(line).empty()) reqs.push_back({std::string(util::trim(line)), "conda", "~/.conda/environments.txt"});
  }
  std::vector<std::string> conda_roots;
  if (auto exe = ctx.getenv("CONDA_EXE"); !exe.empty()) conda_roots.push_back(path_dirname(path_dirname(exe)));
  for (const char* r : {"miniconda3", "anaconda3", "miniforge3", "mambaforge", ".conda"})
    conda_roots.push_back(path_join(home, r));
  conda_roots.insert(conda_roots.end(), {"/opt/conda", "/opt/miniconda3", "/opt/anaconda3", "/opt/miniforge3"});
  for (const auto& root : conda_roots) {
    if (ctx.fs.is_dir(path_join(root, "conda-meta"))) reqs.push_back({root, "conda", "conda base"});
    if (auto envs = ctx.fs.list_dir(path_join(root, "envs")))
      for (const auto& e : *envs) reqs.push_back({path_join(path_join(root, "envs"), e), "conda", "conda envs/"});
  }
  // pyenv versions.
  std::string pyenv_root = ctx.getenv("PYENV_ROOT");
  if (pyenv_root.empty()) pyenv_root = path_join(home, ".pyenv");
  if (auto vs = ctx.fs.list_dir(path_join(pyenv_root, "versions")))
    for (const auto& v : *vs) reqs.push_back({path_join(path_join(pyenv_root, "versions"), v), "pyenv", "pyenv versions"});
  // Folders people keep venvs in (virtualenvwrapper's WORKON_HOME, ~/venvs, ./.venv).
  std::vector<std::string> venv_homes = {path_join(home, ".virtualenvs"), path_join(home, "venvs"),
                                         path_join(home, ".venvs")};
  if (auto w = ctx.getenv("WORKON_HOME"); !w.empty()) venv_homes.insert(venv_homes.begin(), w);
  for (const auto& vh : venv_homes)
    if (auto names = ctx.fs.list_dir(vh))
      for (const auto& n : *names) reqs.push_back({path_join(vh, n), "", "venv folder " + vh});
  reqs.push_back({path_join(home, ".venv"), "", "venv folder ~/.venv"});
  if (auto pwd = ctx.getenv("PWD"); !pwd.empty()) reqs.push_back({path_join(pwd, ".venv"), "", "venv folder $PWD/.venv"});
  // The user site (pip install --user) and the system Python.
  if (auto libs = ctx.fs.list_dir(path_join(home, ".local/lib"))) {
    if (!libs->empty()) reqs.push_back({path_join(home, ".local"), "user", "user site"});
  }
  reqs.push_back({"/usr", "system", "system"});
  if (wsl) add_windows_requests(ctx, reqs);

  std::vector<facts::PythonEnv> out;
  for (const auto& r : reqs) {
    if (!ctx.fs.exists(r.path)) {
      if (!r.found_via.empty() && (r.found_via == "--env" || r.found_via == "--python"))
        ctx.problem("frameworks", r.path, "no such file or directory");
      continue;
    }
    auto env = describe_python_env(ctx, r);
    if (env.kind.empty()) {
      // Named on the command line, so dropping it without a word would hide a typo.
      if (r.found_via == "--env" || r.found_via == "--python")
        ctx.problem("frameworks", r.path, "not a Python environment (no site-packages found)");
      continue;
    }
    auto real = ctx.fs.resolve(env.prefix);
    std::string key = real ? *real : env.prefix;
    bool dup = std::any_of(out.begin(), out.end(), [&](const facts::PythonEnv& e) {
      auto er = ctx.fs.resolve(e.prefix);
      return (er ? *er : e.prefix) == key;
    });
    if (dup) continue;
    scan_python_dists(ctx, env);
    out.push_back(std::move(env));
  }
  return out;
}

}  // namespace gpudoctor::probe
