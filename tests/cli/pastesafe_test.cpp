// Reports safe to paste in public: the real binary, with a dozen secrets in its environment and
// in a log, in every output format and in `collect`'s facts file. Rules still judge the real
// values; --redact=identity leaves out this machine's user, host and home; LANG=C gives ASCII.
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "cli/cli_test_util.hpp"

namespace fs = std::filesystem;
using gdtest::run_shell;

namespace {

const std::string kBin = GD_BINARY;
const std::string kClean = "-u CUDA_VISIBLE_DEVICES -u NVIDIA_VISIBLE_DEVICES -u TF_CPP_MIN_LOG_LEVEL";

struct Secret {
  std::string name, value;
  std::string secret;  // the part that must never be printed
};

const std::string kNgc = "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";
const std::string kHf = "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";
const std::string kGh = "ghp_8HnR2kVqZ7xLmC4tWb9YsJd3Fp6Gh1Ke0Ua5";
const std::string kAwsId = "AKIAZ7QW3ERT5YUI9OPL";
const std::string kAwsSecret = "q8Lw/3nRt7ZxKb2VcYp5Mj9Hs4Df1Ga6Ue0WkI7o";
const std::string kB64 = "Q2xvdWRLZXkxMjM0NTY3ODkwYWJjZGVmZ2hpams5";

const std::vector<Secret> kSecrets = {
    {"NVIDIA_NGC_KEY", kNgc, kNgc},                                   // shown variable, secret name
    {"NGC_API_KEY", kNgc + "x", kNgc + "x"},                          // not shown at all
    {"HF_TOKEN", kHf, kHf},
    {"GITHUB_TOKEN", kGh, kGh},
    {"AWS_ACCESS_KEY_ID", kAwsId, kAwsId},
    {"AWS_SECRET_ACCESS_KEY", kAwsSecret, kAwsSecret},
    {"TF_ENCRYPTION_SECRET", "Tf3ncrypt!0nK3yVal", "Tf3ncrypt!0nK3yVal"},  // TF_ prefix, secret name
    {"TF_HTTP_ADDRESS", "https://tfuser:TfHttpPw4242@state.example.com/tf", "TfHttpPw4242"},
    {"TF_VAR_db_password", "Terra4mPw!77", "Terra4mPw!77"},            // Terraform's
    {"HTTPS_PROXY", "http://proxyuser:Pr0xyPassw0rd@proxy.corp:3128", "Pr0xyPassw0rd"},
    {"http_proxy", "http://proxyuser:Pr0xyPassw0rd@proxy.corp:3128", "proxyuser:Pr0xyPassw0rd"},
    {"PYTORCH_EXTRA_ID", kB64, kB64},                                  // key-looking, innocent name
    {"CUDA_SESSION_COOKIE", "c00kieV4lue-123", "c00kieV4lue-123"},
    {"NCCL_IB_PASSWORD", "NcclPa55word", "NcclPa55word"},
};
const std::string kLdPassword = "LdPassw0rd99";
const std::string kPathPassword = "PathPassw0rd7";

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string secret_env() {
  std::string env = kClean;
  for (const auto& s : kSecrets) env += " " + s.name + "=" + quote(s.value);
  env += " LD_LIBRARY_PATH=" +
         quote("/usr/local/cuda/lib64/stubs:https://lduser:" + kLdPassword + "@mirror.example.com/lib");
  const char* path = std::getenv("PATH");
  env += " PATH=" + quote(std::string(path ? path : "/usr/bin:/bin") + ":https://pathuser:" + kPathPassword + "@h/bin");
  return env;
}

std::vector<std::string> all_secrets() {
  std::vector<std::string> v;
  for (const auto& s : kSecrets) v.push_back(s.secret);
  v.push_back(kLdPassword);
  v.push_back(kPathPassword);
  return v;
}

gdtest::CmdResult run(const std::string& args, const std::string& env, bool with_stderr = true) {
  return run_shell("env " + env + " " + quote(kBin) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

void expect_no_secret(const std::string& what, const std::string& out) {
  ASSERT_FALSE(out.empty()) << what;
  for (const auto& s : all_secrets())
    EXPECT_EQ(out.find(s), std::string::npos) << what << " prints " << s << ":\n" << out;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "gd-pastesafe-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string read_file(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A TensorFlow log whose quoted lines carry credentials and a token, as real dso_loader lines
// print LD_LIBRARY_PATH.
std::string write_secret_log(const TempDir& t) {
  std::string log = read_file(std::string(GD_FIXTURES) + "/logs/tf1-cuda10-libs-missing.log");
  log = std::regex_replace(log, std::regex("LD_LIBRARY_PATH: /usr/local/nvidia/lib64"),
                           "LD_LIBRARY_PATH: https://lduser:" + kLdPassword + "@mirror.example.com/lib:/opt/" + kHf +
                               ":/usr/local/nvidia/lib64");
  std::string p = t.file("secret.log");
  std::ofstream(p) << log;
  return p;
}

TEST(PasteSafe, NoSecretInAnyByteOfAnyOutput) {
  TempDir t;
  const std::string env = secret_env();
  const std::string log = write_secret_log(t);
  for (const char* args : {"--no-live", "--no-live -v", "--no-live --json", "--no-live --markdown",
                           "--no-live --format prometheus", "--no-live --json --redact=identity", "collect --no-live",
                           "--no-live -v --redact=secrets --markdown"})
    expect_no_secret(args, run(args, env).out);
  for (const char* fmt : {"", "--json", "--markdown"}) {
    auto r = run(std::string(fmt) + " explain " + log, env);  // combined with this machine's facts
    EXPECT_EQ(r.exit_code, 1) << r.out;
    expect_no_secret(std::string("explain ") + fmt, r.out);
  }
  // The quoted log line is there, with its credentials cut out.
  auto ex = run("explain --no-probe " + log, env);
  EXPECT_NE(ex.out.find("LD_LIBRARY_PATH: https://***@mirror.example.com/lib:/opt/<redacted"), std::string::npos)
      << ex.out;
  // collect -o FILE: the file too.
  auto c = run("collect --no-live -o " + t.file("facts.json"), env);
  EXPECT_EQ(c.exit_code, 0) << c.out;
  expect_no_secret("collect -o", read_file(t.file("facts.json")));
}

TEST(PasteSafe, RedactedVariablesStillReadAsSetAndEnvShowsOnlyTheAllowList) {
  auto j = nlohmann::json::parse(run("--no-live --json", secret_env(), false).out);
  const auto& env = j["facts"]["env"];
  EXPECT_EQ(env["vars"]["NVIDIA_NGC_KEY"], "<redacted 64+ chars>");
  EXPECT_EQ(env["vars"]["TF_ENCRYPTION_SECRET"], "<redacted 16-31 chars>");
  EXPECT_EQ(env["vars"]["TF_HTTP_ADDRESS"], "https://***@state.example.com/tf");
  EXPECT_EQ(env["vars"]["PYTORCH_EXTRA_ID"], "<redacted 32-63 chars>");
  std::set<std::string> redacted(env["redacted"].begin(), env["redacted"].end());
  for (const char* n : {"NVIDIA_NGC_KEY", "TF_ENCRYPTION_SECRET", "PYTORCH_EXTRA_ID", "CUDA_SESSION_COOKIE",
                        "NCCL_IB_PASSWORD"})
    EXPECT_EQ(redacted.count(n), 1u) << n;
  for (const char* hidden : {"NGC_API_KEY", "HF_TOKEN", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "HTTPS_PROXY",
                             "http_proxy", "TF_VAR_db_password", "HOME"})
    EXPECT_FALSE(env["vars"].contains(hidden)) << hidden;
  // The text report's environment section says why each shown variable matters.
  auto text = run("--no-live -v", secret_env(), false).out;
  EXPECT_NE(text.find("NVIDIA_NGC_KEY=<redacted 64+ chars>  # "), std::string::npos) << text;
}

std::set<std::string> codes(const nlohmann::json& rep) {
  std::set<std::string> out;
  for (const auto& f : rep["findings"]) out.insert(f["code"].get<std::string>());
  return out;
}

// Rules judge the real values; a facts file written redacted diagnoses the same.
TEST(PasteSafe, RulesStillFireOnTheRealValuesAndOnRedactedFacts) {
  if (!fs::exists("/usr/local/cuda/lib64/stubs")) GTEST_SKIP() << "no CUDA toolkit stubs here";
  TempDir t;
  const std::string env = secret_env();
  auto live = nlohmann::json::parse(run("--no-live --json", env, false).out);
  auto live_codes = codes(live);
  // The stubs dir in LD_LIBRARY_PATH, with credentials in another entry, still fires.
  EXPECT_EQ(live_codes.count("L302"), 1u) << live["findings"].dump(2);
  ASSERT_EQ(run("collect --no-live -o " + t.file("f.json"), env).exit_code, 0);
  auto facts = nlohmann::json::parse(read_file(t.file("f.json")));
  EXPECT_EQ(facts["env"]["vars"]["NVIDIA_NGC_KEY"], "<redacted 64+ chars>");
  auto replay = nlohmann::json::parse(run("--json --facts " + t.file("f.json"), kClean, false).out);
  EXPECT_EQ(codes(replay), live_codes);
  // A variable a rule reads, set to a secret-looking value, still counts as set: CUDA_VISIBLE_DEVICES
  // naming a device by a key-like id hides every GPU in both runs.
  auto hidden = nlohmann::json::parse(
      run("--no-live --json", env + " CUDA_VISIBLE_DEVICES=" + kB64, false).out);
  ASSERT_EQ(run("collect --no-live -o " + t.file("g.json"), env + " CUDA_VISIBLE_DEVICES=" + kB64).exit_code, 0);
  auto hidden_replay = nlohmann::json::parse(run("--json --facts " + t.file("g.json"), kClean, false).out);
  EXPECT_EQ(codes(hidden_replay), codes(hidden));
  EXPECT_NE(codes(hidden), live_codes);
}

TEST(PasteSafe, NoRedactShowsEverythingAndWarnsOnStderr) {
  auto both = run("--no-live --json --no-redact", secret_env(), true);
  EXPECT_NE(both.out.find("gpudoctor: warning: --no-redact"), std::string::npos);
  auto out = run("--no-live --json --no-redact", secret_env(), false).out;
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["facts"]["env"]["vars"]["NVIDIA_NGC_KEY"], kNgc);
  EXPECT_EQ(run("--no-live --redact=identity --no-redact", secret_env()).exit_code, 2);
  EXPECT_EQ(run("--no-live --redact=everything", secret_env()).exit_code, 2);
}

struct Me {
  std::string user, host, home;
};

Me me() {
  Me m;
  if (const passwd* pw = ::getpwuid(::getuid())) m.user = pw->pw_name;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  m.host = host;
  const char* home = std::getenv("HOME");
  m.home = home ? home : "";
  return m;
}

bool has_word(const std::string& text, const std::string& word) {
  std::regex re("(^|[^A-Za-z0-9_-])" + std::regex_replace(word, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                "($|[^A-Za-z0-9_-])");
  return std::regex_search(text, re);
}

// This machine's user, host and home appear nowhere in an identity-redacted report. Account
// names that come with an image (root here) are words a report prints anyway ("root cause"):
// they are checked through the user field and the home directory.
TEST(PasteSafe, IdentityLeavesOutThisMachinesUserHostAndHome) {
  Me m = me();
  ASSERT_FALSE(m.host.empty());
  for (const char* args : {"--no-live --json --redact=identity", "--no-live --markdown",
                           "--no-live -v --redact=identity", "collect --no-live --redact=identity"}) {
    auto r = run(args, kClean, false);
    ASSERT_FALSE(r.out.empty()) << args;
    if (m.home.size() > 1) {
      EXPECT_EQ(r.out.find(m.home), std::string::npos) << args << " shows " << m.home;
    }
    EXPECT_FALSE(has_word(r.out, m.host)) << args << " shows host " << m.host << ":\n" << r.out;
    if (m.user != "root") {
      EXPECT_FALSE(has_word(r.out, m.user)) << args << " shows user " << m.user;
    }
  }
  auto j = nlohmann::json::parse(run("--no-live --json --redact=identity", kClean, false).out);
  EXPECT_EQ(j["facts"]["env"]["user"], "<user>");
  auto md = run("--no-live --markdown", kClean, false).out;
  EXPECT_NE(md.substr(0, md.find('\n')).find("`<user>`"), std::string::npos) << md;
}

// The same with a personal user from a facts file: its name and home, in paths and fields,
// are replaced in every format.
TEST(PasteSafe, IdentityLeavesOutAPersonalUserFromAFactsFile) {
  TempDir t;
  auto facts = nlohmann::json::parse(run("collect --no-live --no-redact", kClean, false).out);
  facts["env"]["user"] = "gdtestperson";
  facts["problems"].push_back({{"probe", "frameworks"},
                               {"path", "/home/gdtestperson/.local/lib/python3.11/site-packages/torch"},
                               {"error", "Permission denied (owner gdtestperson)"}});
  std::ofstream(t.file("f.json")) << facts.dump();
  for (const char* fmt : {"--json", "--markdown", "-v", "--format prometheus"}) {
    auto r = run(std::string(fmt) + " --redact=identity --facts " + t.file("f.json"), kClean, false);
    EXPECT_EQ(r.out.find("gdtestperson"), std::string::npos) << fmt << ":\n" << r.out;
  }
  auto shown = run("-v --facts " + t.file("f.json"), kClean, false).out;
  EXPECT_NE(shown.find("/home/gdtestperson/.local"), std::string::npos);  // secrets-only shows paths
  auto hidden = run("-v --redact=identity --facts " + t.file("f.json"), kClean, false).out;
  EXPECT_NE(hidden.find("~/.local/lib/python3.11/site-packages/torch"), std::string::npos) << hidden;
}

bool ascii_only(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

TEST(PasteSafe, CLocaleGivesAsciiInEveryFormat) {
  TempDir t;
  const std::string log = write_secret_log(t);
  const std::string c_env = kClean + " LANG=C LC_ALL=C -u LC_CTYPE";
  const std::vector<std::string> runs = {
      "--no-live", "--no-live -v", "--no-live --json", "--no-live --markdown", "--no-live --format prometheus",
      "collect --no-live", "explain " + log, "--json explain " + log, "--markdown explain " + log,
      "-v explain --no-probe " + log, "list-codes", "--json list-codes", "explain-code L304"};
  for (const auto& args : runs) {
    auto r = run(args, c_env, false);
    ASSERT_FALSE(r.out.empty()) << args;
    EXPECT_TRUE(ascii_only(r.out)) << args << ":\n" << r.out;
  }
  // The same outputs under a UTF-8 locale do hold non-ASCII: the check above can fail.
  EXPECT_FALSE(ascii_only(run("--no-live", kClean + " LANG=C.UTF-8 -u LC_ALL", false).out));
  EXPECT_FALSE(ascii_only(run("explain-code L304", kClean + " LANG=C.UTF-8 -u LC_ALL", false).out));
  // LANG=C alone (no LC_ALL), TERM=dumb and --ascii too.
  EXPECT_TRUE(ascii_only(run("--no-live -v", kClean + " LANG=C -u LC_ALL -u LC_CTYPE", false).out));
  EXPECT_TRUE(ascii_only(run("--no-live -v", kClean + " LANG=C.UTF-8 -u LC_ALL TERM=dumb", false).out));
  auto forced = run("--no-live -v --ascii", kClean + " LANG=C.UTF-8 -u LC_ALL", false).out;
  EXPECT_TRUE(ascii_only(forced));
  EXPECT_NE(forced.find("[x] "), std::string::npos) << forced;
  // JSON stays the same value.
  auto a = nlohmann::json::parse(run("--no-live --json", c_env, false).out);
  auto u = nlohmann::json::parse(run("--no-live --json", kClean + " LANG=C.UTF-8 -u LC_ALL", false).out);
  EXPECT_EQ(a["findings"], u["findings"]);
}

}  // namespace
