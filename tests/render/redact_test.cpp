// What every output leaves out (render/redact.hpp): secrets by default, identity on request.
#include <gtest/gtest.h>

#include "render/redact.hpp"
#include "render/report.hpp"

namespace gpudoctor::render {
namespace {

bool has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

Redactor secrets_only(const facts::Facts& f = {}) { return Redactor(RedactOptions{}, f); }

TEST(Redact, SecretNamesWhateverThePrefix) {
  for (const char* n : {"NVIDIA_NGC_KEY", "NGC_API_KEY", "HF_TOKEN", "TF_ENCRYPTION_SECRET", "DB_PASS", "MYSQL_PASSWD",
                        "PGPASSWORD", "GOOGLE_APPLICATION_CREDENTIALS", "CUDA_AUTH_HEADER", "JUPYTER_COOKIE_SECRET",
                        "AWS_SESSION_TOKEN", "SSH_PRIVATE", "nccl_key"})
    EXPECT_TRUE(secret_name(n)) << n;
  for (const char* n : {"CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "TF_CPP_MIN_LOG_LEVEL", "PATH", "XLA_FLAGS"})
    EXPECT_FALSE(secret_name(n)) << n;
}

TEST(Redact, PlaceholderGivesALengthClass) {
  EXPECT_EQ(redacted_placeholder(1), "<redacted 1-7 chars>");
  EXPECT_EQ(redacted_placeholder(8), "<redacted 8-15 chars>");
  EXPECT_EQ(redacted_placeholder(31), "<redacted 16-31 chars>");
  EXPECT_EQ(redacted_placeholder(40), "<redacted 32-63 chars>");
  EXPECT_EQ(redacted_placeholder(70), "<redacted 64+ chars>");
}

TEST(Redact, UrlUserinfoAnywhere) {
  auto r = secrets_only();
  EXPECT_EQ(r.text("proxy http://alice:s3cr3t@proxy.corp:3128 failed"), "proxy http://***@proxy.corp:3128 failed");
  EXPECT_EQ(r.text("https://ghtoken@github.com/org/repo.git"), "https://***@github.com/org/repo.git");
  // Inside a PATH-like list, every entry.
  EXPECT_EQ(r.text("/usr/bin:https://u:p@h1/x:/opt/bin:socks5://bob:pw@h2:1080"),
            "/usr/bin:https://***@h1/x:/opt/bin:socks5://***@h2:1080");
  // A password with '@' in it: up to the last '@' of the authority is not known, the first one
  // is cut; the rest never shows the part before it.
  EXPECT_FALSE(has(r.text("http://user:p%40ss@host"), "p%40ss"));
  // Not userinfo: an address in a path, a plain URL.
  EXPECT_EQ(r.text("https://host/path/user@example.com"), "https://host/path/user@example.com");
  EXPECT_EQ(r.text("see https://docs.nvidia.com/cuda/ for more"), "see https://docs.nvidia.com/cuda/ for more");
}

TEST(Redact, KeyPrefixedTokensAnywhere) {
  auto r = secrets_only();
  const std::string ngc = "nvapi-" + std::string(64, 'Q');
  const std::string hf = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
  const std::string gh = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
  const std::string pat = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
  const std::string aws = "AKIAIOSFODNN7EXAMPLE";
  for (const auto& k : {ngc, hf, gh, pat, aws}) {
    std::string out = r.text("token=" + k + " done");
    EXPECT_FALSE(has(out, k)) << out;
    EXPECT_TRUE(has(out, "<redacted ")) << out;
    EXPECT_TRUE(has(out, " done")) << out;
  }
  EXPECT_FALSE(has(r.text("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"), "QmZt"));  // letters only
  // Words that only start like keys stay.
  EXPECT_EQ(r.text("hf_hub and sk-learn and AKIA"), "hf_hub and sk-learn and AKIA");
  EXPECT_EQ(r.text("hf_hub_download_from_the_repository_cache_dir"), "hf_hub_download_from_the_repository_cache_dir");
}

// explain cuts quoted lines at 400 bytes with '…': a cut inside a URL, a token or a known
// secret must not leave its first bytes.
TEST(Redact, QuotesCutInsideASecretLeaveNoPrefix) {
  RedactOptions o;
  o.secret_values = {"LongSecretValue123456"};
  Redactor r(o, facts::Facts{});
  EXPECT_EQ(r.text("LD_LIBRARY_PATH: https://user:LdPass\xe2\x80\xa6"), "LD_LIBRARY_PATH: https://***\xe2\x80\xa6");
  EXPECT_EQ(r.text("token hf_AbCdEf\xe2\x80\xa6"), "token <redacted 8-15 chars>\xe2\x80\xa6");
  EXPECT_EQ(r.text("--key LongSecr\xe2\x80\xa6"), "--key <redacted 16-31 chars>\xe2\x80\xa6");
  // A cut plain URL with a port stays readable up to the cut only when there is no ':' in it.
  EXPECT_EQ(r.text("see https://docs.nvidia.com/cu\xe2\x80\xa6"), "see https://docs.nvidia.com/cu\xe2\x80\xa6");
}

TEST(Redact, SecretNamedVariableReadsAsSetWithItsLengthClass) {
  auto r = secrets_only();
  EXPECT_EQ(r.env_value("NVIDIA_NGC_KEY", "abc"), "<redacted 1-7 chars>");
  EXPECT_EQ(r.env_value("NVIDIA_NGC_KEY", ""), "");  // empty is not a secret
  EXPECT_EQ(r.env_value("CUDA_VISIBLE_DEVICES", "0,1"), "0,1");
}

TEST(Redact, KeyLookingValuesUnderAnyNameButNotPathsOrUuids) {
  auto r = secrets_only();
  const std::string b64 = "dGhpcyBpcyBhIHNlY3JldCBrZXkgMTIzNDU2Nzg5MA==";
  EXPECT_EQ(r.env_value("TF_SOMETHING", b64), redacted_placeholder(b64.size()));
  const std::string hex = "3d1219c7c4c5404aaa1f6d2a48adfda43d1219c7";
  EXPECT_EQ(r.env_value("NCCL_THING", hex), redacted_placeholder(hex.size()));
  for (const char* keep :
       {"GPU-8f6a2b3c-1d2e-4f50-9a8b-7c6d5e4f3a2b", "/opt/conda/envs/pytorch2/lib/python3",
        "/usr/local/cuda-12.4/targets/x86_64-linux/lib", "--xla_gpu_enable_latency_hiding_scheduler=true",
        "expandable_segments:True,max_split_size_mb:128", "MIG-GPU-8f6a2b3c-1d2e-4f50-9a8b-7c6d5e4f3a2b/1/0"})
    EXPECT_EQ(r.env_value("XLA_FLAGS", keep), keep);
}

TEST(Redact, ProxyStyleUserinfoWithoutScheme) {
  auto r = secrets_only();
  EXPECT_EQ(r.env_value("NVIDIA_PROXY", "bob:hunter2@proxy:8080"), "***@proxy:8080");
}

TEST(Redact, FactsKeepOnlyAllowListedVariablesAndNameTheRedactedOnes) {
  facts::Facts f;
  f.env.vars = {{"CUDA_VISIBLE_DEVICES", "0"},
                {"NVIDIA_NGC_KEY", "nvapi-SECRETSECRETSECRETSECRET"},
                {"TF_VAR_db_password", "hunter2"},  // Terraform's: not on the list
                {"EDITOR", "vim"},
                {"LD_LIBRARY_PATH", "/usr/local/cuda/lib64/stubs:https://me:pw123456@mirror/lib"}};
  auto r = secrets_only(f);
  auto out = r.facts(f);
  EXPECT_EQ(out.env.vars.count("TF_VAR_db_password"), 0u);
  EXPECT_EQ(out.env.vars.count("EDITOR"), 0u);
  EXPECT_EQ(out.env.vars.at("CUDA_VISIBLE_DEVICES"), "0");
  EXPECT_EQ(out.env.vars.at("NVIDIA_NGC_KEY"), "<redacted 16-31 chars>");
  EXPECT_EQ(out.env.vars.at("LD_LIBRARY_PATH"), "/usr/local/cuda/lib64/stubs:https://***@mirror/lib");
  EXPECT_EQ(out.env.redacted, std::vector<std::string>{"NVIDIA_NGC_KEY"});
  // The original is untouched: rules judge it.
  EXPECT_EQ(f.env.vars.at("NVIDIA_NGC_KEY"), "nvapi-SECRETSECRETSECRETSECRET");
}

TEST(Redact, KnownSecretValuesAreScrubbedFromAnyText) {
  RedactOptions o;
  o.secret_values = {"Tr0ub4dor&3xyz"};
  facts::Facts f;
  f.env.vars["NVIDIA_API_KEY"] = "k3y-value-42";
  Redactor r(o, f);
  EXPECT_EQ(r.text("argv: train.py --password Tr0ub4dor&3xyz --key k3y-value-42"),
            "argv: train.py --password <redacted 8-15 chars> --key <redacted 8-15 chars>");
}

// LD_LIBRARY_PATH split at ':' (the loader facts, missing directories) cuts a URL apart: its
// password is scrubbed on its own.
TEST(Redact, PasswordsOfUrlsInVariablesAreScrubbedFromTheirPieces) {
  facts::Facts f;
  f.env.vars["LD_LIBRARY_PATH"] = "/usr/lib:https://lduser:LdPassw0rd99@mirror/lib";
  Redactor r(RedactOptions{}, f);
  EXPECT_EQ(r.text("not a directory: LdPassw0rd99@mirror/lib"), "not a directory: <redacted 8-15 chars>@mirror/lib");
  auto s = secrets_of_environment({{"HTTPS_PROXY", "http://u:Pr0xyPw!@proxy:3128"}, {"NO_PROXY", "localhost"}});
  EXPECT_EQ(s, std::vector<std::string>{"Pr0xyPw!"});
}

TEST(Redact, SecretsOfEnvironmentSkipPathsAndWords) {
  auto s = secrets_of_environment({{"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
                                   {"XDG_SESSION_TYPE", "wayland"},
                                   {"SSH_AUTH_SOCK", "/tmp/ssh-abc/agent.1"},
                                   {"HF_TOKEN", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"},
                                   {"MY_VALUE", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg"},
                                   {"SHORT_KEY", "abc1"}});
  EXPECT_EQ(s.size(), 3u);
  for (const auto& v : s) EXPECT_TRUE(v != "wayland" && v[0] != '/' && v != "abc1") << v;
}

TEST(Redact, NoneShowsEverything) {
  facts::Facts f;
  f.env.vars = {{"NVIDIA_NGC_KEY", "abc123xyz"}, {"EDITOR", "vim"}};
  RedactOptions o;
  o.level = RedactLevel::none;
  Redactor r(o, f);
  EXPECT_EQ(r.facts(f).env.vars, f.env.vars);
  EXPECT_EQ(r.text("http://a:b@c"), "http://a:b@c");
}

RedactOptions identity(std::string user, std::string host, std::string home) {
  RedactOptions o;
  o.level = RedactLevel::identity;
  o.identity = {std::move(user), std::move(host), std::move(home)};
  return o;
}

TEST(RedactIdentity, UserHostHomeAndIdsGetStablePlaceholders) {
  facts::Facts f;
  f.env.user = "alice";
  Redactor r(identity("alice", "alice-ws.lab.example.org", "/home/alice"), f);
  EXPECT_EQ(r.text("/home/alice/venvs/tf/lib/python3.11"), "~/venvs/tf/lib/python3.11");
  EXPECT_EQ(r.text("/home/alice2/x"), "/home/alice2/x");  // another user's home
  EXPECT_EQ(r.text("alice@alice-ws.lab.example.org and alice-ws"), "<user>@<host> and <host>");
  EXPECT_EQ(r.text("CUDA sees GPU-8f6a2b3c-1d2e-4f50-9a8b-7c6d5e4f3a2b and GPU-00000000-1111-2222-3333-444444444444; "
                   "again GPU-8F6A2B3C-1D2E-4F50-9A8B-7C6D5E4F3A2B"),
            "CUDA sees GPU-<uuid-1> and GPU-<uuid-2>; again GPU-<uuid-1>");
  EXPECT_EQ(r.text("machine-id 3d1219c7c4c5404aaa1f6d2a48adfda4."), "machine-id <id-1>.");
  EXPECT_EQ(r.facts(f).env.user, "<user>");
  // Words that merely contain the name stay.
  EXPECT_EQ(r.text("malice"), "malice");
}

TEST(RedactIdentity, StockAccountsAreReplacedOnlyAsUserAndHome) {
  facts::Facts f;
  f.env.user = "root";
  Redactor r(identity("root", "vm", "/root"), f);
  EXPECT_EQ(r.text("the root cause is in /root/venvs/a on vm"), "the root cause is in ~/venvs/a on <host>");
  EXPECT_EQ(r.text("--root /srv/x"), "--root /srv/x");
  EXPECT_EQ(r.facts(f).env.user, "<user>");
  // A host name inside another word is left alone.
  EXPECT_EQ(r.text("kvm-clock vm2"), "kvm-clock vm2");
}

TEST(RedactIdentity, HomeFromTheFactsOfAnotherMachine) {
  facts::Facts f;
  f.env.user = "bob";
  Redactor r(identity("", "", ""), f);
  EXPECT_EQ(r.text("/home/bob/.local/lib and bob"), "~/.local/lib and <user>");
}

TEST(RedactJson, EveryStringAndKey) {
  Redactor r(identity("carol", "carol-pc", "/home/carol"), facts::Facts{});
  nlohmann::ordered_json j = {{"/home/carol/envs", {{"path", "/home/carol/envs/a"}, {"n", 3}}},
                              {"urls", nlohmann::ordered_json::array({"https://carol:pw@x/y"})}};
  r.json(j);
  EXPECT_EQ(j.dump(), R"({"~/envs":{"path":"~/envs/a","n":3},"urls":["https://***@x/y"]})");
}

TEST(RedactMarkdown, PlaceholdersOutsideCodeAreEscaped) {
  std::string md = "by <user> on `<host>`\n```\n<user> in a fence\n```\n<b>bold</b> <redacted 1-7 chars>\n";
  EXPECT_EQ(markdown_escape_placeholders(md),
            "by &lt;user> on `<host>`\n```\n<user> in a fence\n```\n<b>bold</b> &lt;redacted 1-7 chars>\n");
}

TEST(RedactMarkdown, FirstLineSaysWhatWasLeftOut) {
  Report r;
  r.redact.level = RedactLevel::identity;
  std::string md = render_markdown(r);
  std::string first = md.substr(0, md.find('\n'));
  EXPECT_TRUE(has(first, "<user>") && has(first, "<host>") && has(first, "--no-redact")) << first;
  r.redact.level = RedactLevel::none;
  md = render_markdown(r);
  EXPECT_TRUE(has(md.substr(0, md.find('\n')), "Not redacted")) << md;
}

}  // namespace
}  // namespace gpudoctor::render
