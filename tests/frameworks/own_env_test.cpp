// Which environment is the user's when gpudoctor itself was installed with pip: the venv it
// runs from, unactivated, is; an isolated tool environment (uvx, uv tool, pipx) is not.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "probe/python_env.hpp"

using namespace gpudoctor;
namespace fs = std::filesystem;

namespace {

struct OwnEnvRoot {
  fs::path root = fs::temp_directory_path() / ("gd-ownenv-" + std::to_string(::getpid()));
  OwnEnvRoot() {
    fs::remove_all(root);
    for (const char* venv : {"/home/u/proj/.venv-x", "/home/u/.local/share/uv/tools/gpudoctor"}) {
      fs::create_directories(root / (std::string(venv).substr(1) + "/bin"));
      fs::create_directories(root / (std::string(venv).substr(1) + "/lib/python3.11/site-packages"));
      std::ofstream(root / (std::string(venv).substr(1) + "/pyvenv.cfg")) << "home = /usr/bin\nversion = 3.11.7\n";
      std::ofstream(root / (std::string(venv).substr(1) + "/bin/python3")) << "";
    }
  }
  ~OwnEnvRoot() { fs::remove_all(root); }
  std::vector<std::string> prefixes(const std::string& self_exe, std::map<std::string, std::string> env = {}) {
    probe::ProbeContext ctx;
    ctx.fs = probe::RootFs(root.string());
    ctx.env = std::move(env);
    ctx.env.emplace("HOME", "/home/u");
    ctx.allow_exec = false;
    ctx.self_exe = self_exe;
    std::vector<std::string> out;
    for (const auto& e : probe::discover_python_envs(ctx, {}, false)) out.push_back(e.prefix);
    return out;
  }
};

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST(OwnEnv, TheUnactivatedVenvGpudoctorRunsFromIsIncluded) {
  OwnEnvRoot t;
  EXPECT_TRUE(has(t.prefixes("/home/u/proj/.venv-x/bin/gpudoctor"), "/home/u/proj/.venv-x"));
  // Not found without it: nothing else points at that folder.
  EXPECT_FALSE(has(t.prefixes(""), "/home/u/proj/.venv-x"));
}

TEST(OwnEnv, AnIsolatedToolEnvIsNotTheUsers) {
  OwnEnvRoot t;
  const std::string tool = "/home/u/.local/share/uv/tools/gpudoctor";
  // Run from it, with its bin first on PATH and VIRTUAL_ENV set, as uv and pipx do.
  auto p = t.prefixes(tool + "/bin/gpudoctor", {{"PATH", tool + "/bin:/usr/bin"}, {"VIRTUAL_ENV", tool}});
  EXPECT_FALSE(has(p, tool));
  EXPECT_TRUE(probe::is_tool_env("/root/.cache/uv/archive-v0/AbC123/bin/gpudoctor"));
  EXPECT_TRUE(probe::is_tool_env("/home/u/.local/pipx/venvs/gpudoctor/bin/gpudoctor"));
  EXPECT_FALSE(probe::is_tool_env("/home/u/proj/.venv/bin/gpudoctor"));
}
