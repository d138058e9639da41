// kb/env_vars.tsv, the allow-list of variables a report shows: most specific row wins, every
// row has a reason, every code it names exists, and every variable a rule reads is on it
// (a rule reading one that is not would never see it: the probe leaves it out of the facts).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "kb/env_vars.hpp"
#include "probe/probes.hpp"
#include "render/area_summary.hpp"
#include "rules/registry.hpp"

namespace gpudoctor::kb {
namespace {

namespace fs = std::filesystem;

const EnvVarList& list() { return EnvVarList::embedded(); }

TEST(EnvVars, MostSpecificRowWins) {
  EXPECT_TRUE(list().shown("CUDA_VISIBLE_DEVICES"));
  EXPECT_EQ(list().match("CUDA_VISIBLE_DEVICES")->pattern, "CUDA_VISIBLE_DEVICES");
  EXPECT_EQ(list().match("CUDA_MODULE_LOADING")->pattern, "CUDA_*");
  EXPECT_TRUE(list().shown("TF_FORCE_GPU_ALLOW_GROWTH"));
  // Terraform's TF_* are taken back out by longer prefixes or exact names.
  for (const char* tf : {"TF_VAR_db_password", "TF_CLI_ARGS", "TF_TOKEN_app_terraform_io", "TF_LOG", "TF_LOG_PATH",
                         "TF_WORKSPACE", "TF_INPUT"})
    EXPECT_FALSE(list().shown(tf)) << tf;
  for (const char* other :
       {"HOME", "USER", "EDITOR", "HTTPS_PROXY", "AWS_SECRET_ACCESS_KEY", "SSH_AUTH_SOCK", "LDFLAGS"})
    EXPECT_FALSE(list().shown(other)) << other;
  for (const char* gpu : {"LD_LIBRARY_PATH", "LD_PRELOAD", "NVIDIA_VISIBLE_DEVICES", "XLA_FLAGS", "JAX_PLATFORMS",
                          "PYTORCH_CUDA_ALLOC_CONF", "NCCL_P2P_DISABLE", "CONDA_PREFIX", "VIRTUAL_ENV", "PATH"})
    EXPECT_TRUE(list().shown(gpu)) << gpu;
}

TEST(EnvVars, EveryShownRowHasAReasonAndRealCodes) {
  for (const auto& r : list().rows()) {
    EXPECT_FALSE(r.reason.empty()) << r.pattern;
    for (const auto& code : r.read_by) {
      if (code.rfind("probe:", 0) == 0) continue;
      EXPECT_NE(rules::find_rule(code), nullptr) << r.pattern << " names unknown code " << code;
    }
  }
}

// Every name in a rule's source that it looks up in the environment facts: env(facts, "X"),
// or the names of a `for (const char* name : {"X", "Y"})` list that feeds env(...).
std::set<std::string> names_rules_read() {
  std::set<std::string> names;
  const std::regex direct(R"re(env\([^,()]+,\s*"([A-Z_][A-Z0-9_]*)"\))re");
  const std::regex list(R"re(for \(const char\* \w+ : \{([^}]*)\}\))re");
  const std::regex quoted(R"re("([A-Z_][A-Z0-9_]*)")re");
  for (const auto& e : fs::recursive_directory_iterator(fs::path(GD_SOURCE_DIR) / "src" / "rules")) {
    if (e.path().extension() != ".cpp") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    for (std::sregex_iterator it(text.begin(), text.end(), direct), end; it != end; ++it) names.insert((*it)[1]);
    if (text.find("env(") == std::string::npos) continue;
    for (std::sregex_iterator it(text.begin(), text.end(), list), end; it != end; ++it) {
      std::string items = (*it)[1];
      for (std::sregex_iterator q(items.begin(), items.end(), quoted); q != end; ++q) names.insert((*q)[1]);
    }
  }
  return names;
}

TEST(EnvVars, EveryVariableARuleReadsIsShownWithItsCode) {
  auto names = names_rules_read();
  // The scan finds what the rules are known to read (so it cannot pass by finding nothing).
  for (const char* known : {"CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "JAX_PLATFORMS", "CUDA_HOME"})
    EXPECT_EQ(names.count(known), 1u) << known;
  for (const auto& n : names) {
    const EnvVarRow* row = list().match(n);
    ASSERT_NE(row, nullptr) << n << " is read by a rule but not on kb/env_vars.tsv";
    EXPECT_TRUE(row->shown) << n;
    EXPECT_FALSE(row->read_by.empty()) << n << ": its row should name the rules that read it";
  }
}

TEST(EnvVars, ProbeKeepsOnlyShownVariablesWithRealValues) {
  probe::ProbeContext ctx;
  ctx.env = {{"CUDA_VISIBLE_DEVICES", "-1"}, {"NVIDIA_NGC_KEY", "nvapi-real"}, {"TF_VAR_pw", "x"}, {"HOME", "/home/u"},
             {"EDITOR", "vim"}};
  facts::EnvFacts out;
  probe::probe_env(ctx, out);
  EXPECT_EQ(out.vars.size(), 2u);
  EXPECT_EQ(out.vars.at("CUDA_VISIBLE_DEVICES"), "-1");
  EXPECT_EQ(out.vars.at("NVIDIA_NGC_KEY"), "nvapi-real");  // rules see it; outputs redact it
}

TEST(EnvVars, EnvironmentDetailsCarryTheReason) {
  facts::Facts f;
  f.env.vars = {{"TF_CPP_MIN_LOG_LEVEL", "3"}, {"NOT_LISTED", "x"}};
  auto areas = render::summarize_areas(f);
  const auto& env = areas.back();
  ASSERT_EQ(env.area, "environment");
  ASSERT_EQ(env.details.size(), 1u);
  EXPECT_EQ(env.details[0], "TF_CPP_MIN_LOG_LEVEL=3  # " + list().match("TF_CPP_MIN_LOG_LEVEL")->reason);
}

}  // namespace
}  // namespace gpudoctor::kb
