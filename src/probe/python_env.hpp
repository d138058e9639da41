#pragma once
// Finds the Python environments a user has, the way they have them, without running
// Python: the active VIRTUAL_ENV / CONDA_PREFIX, python3/python on PATH (pyenv shims
// and symlinks followed to the real prefix), conda envs, pyenv versions, common venv
// folders, the user site and the system dist-packages. Then reads each prefix's layout
// (pyvenv.cfg, lib/pythonX.Y/site-packages) and the framework-related dist-infos in it.
#include <string>
#include <string_view>
#include <vector>

#include "facts/framework_facts.hpp"
#include "probe/probe_context.hpp"

namespace gpudoctor::probe {

struct EnvRequest {
  std::string path;       // a prefix, or a python executable
  std::string kind;       // "" = decide from the layout
  std::string found_via;
};

// An isolated tool environment (uvx, uv tool, pipx) that gpudoctor itself runs from: not the
// user's, so discovery passes over it (its python on PATH included).
bool is_tool_env(std::string_view path);

// Every environment, explicit requests first, deduplicated by real prefix. `wsl`: also
// the Windows Python installs and conda folders under /mnt/c/Users/* (WSL2 only).
std::vector<facts::PythonEnv> discover_python_envs(ProbeContext& ctx, const std::vector<EnvRequest>& explicit_envs,
                                                   bool wsl = false);

// The environment rooted at `prefix` (or the one a python executable belongs to);
// kind "" when `path` holds no Python environment.
facts::PythonEnv describe_python_env(ProbeContext& ctx, const EnvRequest& req);

// The framework and nvidia-* distributions in the env's site-packages.
void scan_python_dists(ProbeContext& ctx, facts::PythonEnv& env);

// True for distributions gpudoctor reads (normalised names).
bool is_framework_related_dist(const std::string& normalized_name);

}  // namespace gpudoctor::probe
