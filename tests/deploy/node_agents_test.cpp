// The short verdicts for node agents: node-problem-detector's custom plugin contract
// (--format npd: one line of at most 80 bytes with the code first; exit 0 OK, 1 problem,
// 2 unknown) and Node Feature Discovery's feature file (--nfd-features DIR: label values
// of at most 63 characters, an expiry, written atomically).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "../cli/cli_test_util.hpp"
#include "render/report.hpp"

namespace {

namespace fs = std::filesystem;
using gpudoctor::findings::Finding;
using gpudoctor::findings::Severity;
using gpudoctor::render::Report;

Finding error_finding(const std::string& code, const std::string& cause, const std::string& message) {
  Finding f;
  f.code = code;
  f.severity = Severity::error;
  f.cause = cause;
  f.message = message;
  return f;
}

// Every lead byte is followed by as many continuation bytes as it announces.
bool complete_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

Report seen_hardware() {
  Report r;
  r.facts.pci.sysfs_readable = true;
  r.facts.pci.gpus.resize(1);
  r.finished_unix_s = 1796000000;  // 2026-11-30T00:53:20Z
  return r;
}

TEST(NpdFormat, CodeFirstAndNeverLongerThan80BytesEvenInTheMiddleOfACharacter) {
  auto r = seen_hardware();
  std::string message = "nvidia.ko 550.54 ≠ libcuda 535.104 — ";
  while (message.size() < 300) message += "ü";
  r.findings = {error_finding("K205", "driver_userspace_mismatch", message), error_finding("L301", "libcuda_missing", "x")};
  auto out = gpudoctor::render::render_npd(r);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  std::string line = out.substr(0, out.size() - 1);
  EXPECT_LE(line.size(), 80u) << line;
  EXPECT_EQ(line.rfind("K205 driver_userspace_mismatch: nvidia.ko 550.54 ", 0), 0u) << line;
  EXPECT_NE(line.find("(+1 more)"), std::string::npos) << line;
  // Valid UTF-8 to the end: the cut is never inside a character.
  EXPECT_TRUE(complete_utf8(line)) << line;
}

TEST(NpdFormat, RootCauseBeforeItsConsequenceAndOneLineOnly) {
  auto r = seen_hardware();
  auto consequence = error_finding("L301", "libcuda_missing", "line one\nline two");
  consequence.explained_by = "K204";
  r.findings = {consequence, error_finding("K204", "driver_not_loaded", "nvidia.ko is not loaded")};
  auto out = gpudoctor::render::render_npd(r);
  EXPECT_EQ(out, "K204 driver_not_loaded: nvidia.ko is not loaded\n");
}

TEST(NpdFormat, UsableAndUnknownAreSaidSo) {
  auto ok = seen_hardware();
  EXPECT_EQ(gpudoctor::render::render_npd(ok), "OK 1 NVIDIA GPU(s) usable\n");
  EXPECT_FALSE(gpudoctor::render::verdict_unknown(ok));
  Report blind;  // /sys/bus/pci could not be read: no verdict, not "usable"
  EXPECT_TRUE(gpudoctor::render::verdict_unknown(blind));
  EXPECT_EQ(gpudoctor::render::render_npd(blind).rfind("UNKNOWN ", 0), 0u);
  auto timed_out = seen_hardware();
  timed_out.facts.live.ran = true;
  timed_out.facts.live.nvml.run.outcome = "timeout";
  EXPECT_TRUE(gpudoctor::render::verdict_unknown(timed_out));
}

TEST(NpdFormat, ExitCodesFollowThePluginContract) {
  std::string roots = std::string(GD_FIXTURES) + "/roots/";
  auto ok = gdtest::run_gpudoctor("--format npd --facts " + std::string(GD_FIXTURES) + "/facts/healthy_h100.json");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_EQ(ok.out.rfind("OK ", 0), 0u) << ok.out;
  auto bad = gdtest::run_gpudoctor("--format npd --no-live --root " + roots + "module_not_loaded");
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_TRUE(std::regex_search(bad.out, std::regex("^K204 [a-z_]+: "))) << bad.out;
  auto usage = gdtest::run_gpudoctor("--format npd --facts /no/such/facts.json");
  EXPECT_EQ(usage.exit_code, 2) << usage.out;
  EXPECT_EQ(usage.out.rfind("UNKNOWN gpudoctor: ", 0), 0u) << usage.out;
  EXPECT_LE(usage.out.size(), 81u) << usage.out;
}

TEST(NfdLabels, ValuesFitKubernetesLabelRules) {
  using gpudoctor::render::nfd_label_value;
  EXPECT_EQ(nfd_label_value("driver_not_loaded"), "driver_not_loaded");
  EXPECT_EQ(nfd_label_value("-a b/c."), "a-b-c");
  EXPECT_EQ(nfd_label_value(std::string(100, 'x')).size(), 63u);
  EXPECT_EQ(nfd_label_value(std::string(62, 'x') + "-y"), std::string(62, 'x'));  // no '-' at the end
  EXPECT_EQ(nfd_label_value("..."), "");
}

TEST(NfdLabels, FeatureFileHasExpiryAndTheVerdict) {
  auto r = seen_hardware();
  r.findings = {error_finding("K204", "driver_not_loaded", "nvidia.ko is not loaded")};
  auto text = gpudoctor::render::render_nfd(r, 900);
  EXPECT_NE(text.find("# +expiry-time=2026-11-30T01:08:20Z\n"), std::string::npos) << text;
  EXPECT_NE(text.find("gpudoctor.io/gpu-usable=false\n"), std::string::npos) << text;
  EXPECT_NE(text.find("gpudoctor.io/code=K204\n"), std::string::npos) << text;
  EXPECT_NE(text.find("gpudoctor.io/cause=driver_not_loaded\n"), std::string::npos) << text;
  // Every label line: a prefixed name, a value Kubernetes accepts.
  std::istringstream in(text);
  std::string line;
  std::regex label("^gpudoctor\\.io/[a-z0-9-]{1,63}=([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$");
  while (std::getline(in, line))
    if (line.empty() || line[0] != '#') {
      EXPECT_TRUE(std::regex_match(line, label)) << line;
    }
  EXPECT_NE(gpudoctor::render::render_nfd(seen_hardware(), 900).find("gpudoctor.io/gpu-usable=true\n"), std::string::npos);
  EXPECT_NE(gpudoctor::render::render_nfd(Report{}, 900).find("gpudoctor.io/gpu-usable=unknown\n"), std::string::npos);
}

TEST(NfdLabels, WrittenAtomicallyByTheCli) {
  auto dir = fs::temp_directory_path() / ("gd_nfd_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto r = gdtest::run_gpudoctor("--no-live --format npd --root " + std::string(GD_FIXTURES) +
                                 "/roots/module_not_loaded --nfd-features " + dir.string() + " --nfd-expiry 600");
  EXPECT_EQ(r.exit_code, 1);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"gpudoctor"});  // no dot-file left behind
  std::ifstream in(dir / "gpudoctor");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("gpudoctor.io/gpu-usable=false\n"), std::string::npos) << text;
  EXPECT_NE(text.find("gpudoctor.io/code=K204\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# +expiry-time=20"), std::string::npos) << text;
  EXPECT_EQ(gdtest::run_gpudoctor("--no-live --root / --nfd-features " + (dir / "missing").string()).exit_code, 3);
  EXPECT_EQ(gdtest::run_gpudoctor("--no-live --root / --nfd-features " + dir.string() + " --nfd-expiry 5").exit_code, 2);
  fs::remove_all(dir);
}

}  // namespace
