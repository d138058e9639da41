// The Prometheus exposition as an operator's tools see it: valid text format 0.0.4
// (one HELP/TYPE per family, no duplicate series), the names of research/fleet.md §5,
// promtool's lint, the textfile written atomically, and the alert rules' unit tests.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "../cli/cli_test_util.hpp"
#include "render/report.hpp"

namespace {

namespace fs = std::filesystem;
using gpudoctor::findings::Finding;
using gpudoctor::findings::Severity;
using gpudoctor::render::Report;

Finding finding(const std::string& code, Severity sev, const std::string& subject, const std::string& cause = "c") {
  Finding f;
  f.code = code;
  f.slug = "slug_" + code;
  f.severity = sev;
  f.cause = cause;
  f.subject = subject;
  f.message = "message of " + code;
  return f;
}

// Two environments and two GPUs with the same codes, the case that printed duplicate series.
Report two_envs_two_gpus() {
  Report r;
  r.kb_date = "2026-11-30";
  r.finished_unix_s = 1796000000.5;
  r.duration_s = 0.0125;
  r.facts.pci.sysfs_readable = true;
  r.facts.pci.gpus.resize(2);
  r.facts.pci.gpus[0].bdf = "0000:01:00.0";
  r.facts.pci.gpus[1].bdf = "0000:02:00.0";
  r.facts.live.ran = true;
  r.facts.live.nvml.run.outcome = "ok";
  r.facts.live.cuda.run.outcome = "timeout";
  r.facts.live.nvml.gpus.resize(2);
  r.facts.live.nvml.gpus[0].uuid = "GPU-11111111-2222-3333-4444-555555555555";
  r.facts.live.nvml.gpus[0].pci_bus_id = "00000000:01:00.0";
  r.facts.live.nvml.gpus[1].uuid = "GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  r.facts.live.nvml.gpus[1].pci_bus_id = "00000000:02:00.0";
  r.findings = {finding("F701", Severity::error, "torch 2.3.0 in /opt/a"),
                finding("F701", Severity::error, "torch 2.3.0 in /opt/b"),
                finding("N601", Severity::warning, "0000:01:00.0"),
                finding("N601", Severity::warning, "0000:02:00.0"),
                finding("N601", Severity::warning, "0000:02:00.0"),  // the same twice: one series
                finding("K204", Severity::error, "")};
  r.findings.back().explained_by = "";
  r.findings[1].explained_by = "K204";
  return r;
}

struct Exposition {
  std::map<std::string, std::string> type;  // family -> type
  std::map<std::string, int> help_count, type_count;
  std::vector<std::string> samples;         // "name{labels}"
  std::vector<std::string> errors;
};

// A strict reader of text format 0.0.4 for what gpudoctor writes.
Exposition parse(const std::string& text) {
  Exposition e;
  if (text.empty() || text.back() != '\n') e.errors.push_back("last line does not end with \\n");
  std::istringstream in(text);
  std::string line;
  std::set<std::string> seen;
  static const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.e+]+)$)");
  static const std::regex label(R"(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)\"(,|$))");
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      ++e.help_count[line.substr(7, line.find(' ', 7) - 7)];
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      auto name = line.substr(7, line.find(' ', 7) - 7);
      ++e.type_count[name];
      e.type[name] = line.substr(line.find(' ', 7) + 1);
      continue;
    }
    std::smatch m;
    if (!std::regex_match(line, m, sample)) {
      e.errors.push_back("not a sample: " + line);
      continue;
    }
    if (!e.type.count(m[1].str())) e.errors.push_back("sample before its TYPE: " + line);
    // Labels sorted, so the same set in another order is the same series.
    std::string labels = m[2].matched ? std::string(m[2]).substr(1, m[2].length() - 2) : "";
    std::set<std::string> names;
    for (auto it = std::sregex_iterator(labels.begin(), labels.end(), label); it != std::sregex_iterator(); ++it) {
      if (!names.insert((*it)[1].str()).second) e.errors.push_back("label twice: " + line);
    }
    std::string key = m[1].str() + "{" + labels + "}";
    if (!seen.insert(key).second) e.errors.push_back("duplicate series: " + line);
    e.samples.push_back(key);
  }
  for (const auto& [name, n] : e.help_count)
    if (n != 1) e.errors.push_back("HELP " + std::to_string(n) + " times: " + name);
  for (const auto& [name, n] : e.type_count)
    if (n != 1) e.errors.push_back("TYPE " + std::to_string(n) + " times: " + name);
  return e;
}

size_t count_prefix(const Exposition& e, const std::string& prefix) {
  size_t n = 0;
  for (const auto& s : e.samples) n += s.rfind(prefix, 0) == 0;
  return n;
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(PrometheusRender, OneSeriesPerCodeAndSubjectEvenWhenACodeFiresTwice) {
  auto text = gpudoctor::render::render_prometheus(two_envs_two_gpus());
  auto e = parse(text);
  EXPECT_TRUE(e.errors.empty()) << ::testing::PrintToString(e.errors) << "\n" << text;
  EXPECT_EQ(count_prefix(e, "gpudoctor_finding{"), 5u) << text;  // F701 x2, N601 x2, K204
  EXPECT_TRUE(has(text, R"(code="F701",slug="slug_F701",severity="error",cause="c",root="true",subject="torch 2.3.0 in /opt/a")"))
      << text;
  EXPECT_TRUE(has(text, R"(root="false",subject="torch 2.3.0 in /opt/b")")) << text;
  EXPECT_TRUE(has(text, R"(code="K204",slug="slug_K204",severity="error",cause="c",root="true",subject="machine")")) << text;
}

TEST(PrometheusRender, SeveritiesAreAlwaysThereWithZeros) {
  Report r;
  r.facts.pci.sysfs_readable = true;
  auto text = gpudoctor::render::render_prometheus(r);
  for (const char* s : {"error", "warning", "info"})
    EXPECT_TRUE(has(text, std::string("gpudoctor_findings{severity=\"") + s + "\"} 0\n")) << text;
  auto both = gpudoctor::render::render_prometheus(two_envs_two_gpus());
  EXPECT_TRUE(has(both, "gpudoctor_findings{severity=\"error\"} 3\n")) << both;
  EXPECT_TRUE(has(both, "gpudoctor_findings{severity=\"warning\"} 2\n")) << both;
}

TEST(PrometheusRender, PerGpuSeriesCarryDcgmExportersUuidLabel) {
  auto text = gpudoctor::render::render_prometheus(two_envs_two_gpus());
  EXPECT_TRUE(has(text, "gpudoctor_gpu_finding{UUID=\"GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\",pci_bus_id=\"00000000:02:00.0\","
                        "code=\"N601\",severity=\"warning\",cause=\"c\"} 1\n"))
      << text;
  EXPECT_TRUE(has(text, "gpudoctor_gpu_info{UUID=\"GPU-11111111-2222-3333-4444-555555555555\",pci_bus_id=\"00000000:01:00.0\"} 1\n"))
      << text;
  EXPECT_EQ(count_prefix(parse(text), "gpudoctor_gpu_finding{"), 2u) << text;
}

TEST(PrometheusRender, RunBuildAndProbeFamiliesWithBaseUnits) {
  auto text = gpudoctor::render::render_prometheus(two_envs_two_gpus());
  auto e = parse(text);
  EXPECT_TRUE(has(text, "gpudoctor_build_info{version=\"" GPUDOCTOR_VERSION "\",kb_date=\"2026-11-30\"} 1\n")) << text;
  EXPECT_TRUE(has(text, "gpudoctor_last_run_timestamp_seconds 1796000000.500\n")) << text;
  EXPECT_TRUE(has(text, "gpudoctor_run_duration_seconds 0.012500\n")) << text;
  EXPECT_TRUE(has(text, "gpudoctor_probe_success{probe=\"pci\"} 1\n")) << text;
  EXPECT_TRUE(has(text, "gpudoctor_probe_success{probe=\"live_nvml\"} 1\n")) << text;
  EXPECT_TRUE(has(text, "gpudoctor_probe_success{probe=\"live_cuda\"} 0\n")) << text;
  for (const auto& [name, type] : e.type) {
    EXPECT_EQ(name.rfind("gpudoctor_", 0), 0u) << name;
    EXPECT_EQ(type, "gauge") << name;  // no counter without _total, none with it
  }
  // The scraper adds the instance; a hostname label on every series is what the guide forbids.
  EXPECT_FALSE(has(text, "hostname=")) << text;
  EXPECT_FALSE(has(text, "instance=")) << text;
}

TEST(PrometheusRender, ProbesThatCouldNotReadAreZero) {
  Report r;
  r.facts.problems.push_back({"libraries", "/usr/lib/libcuda.so.1", "permission denied"});
  auto text = gpudoctor::render::render_prometheus(r);
  EXPECT_TRUE(has(text, "gpudoctor_probe_success{probe=\"pci\"} 0\n")) << text;
  EXPECT_TRUE(has(text, "gpudoctor_probe_success{probe=\"libraries\"} 0\n")) << text;
  EXPECT_TRUE(has(text, "gpudoctor_probe_success{probe=\"toolkit\"} 1\n")) << text;
  EXPECT_FALSE(has(text, "live_cuda")) << "the live probe did not run: " << text;
}

TEST(PrometheusRender, LabelValuesAreEscaped) {
  Report r;
  r.findings = {finding("F701", Severity::error, "torch in /opt/we\"ird\\path\nx")};
  auto text = gpudoctor::render::render_prometheus(r);
  EXPECT_TRUE(has(text, R"(subject="torch in /opt/we\"ird\\path\nx")")) << text;
  EXPECT_TRUE(parse(text).errors.empty()) << text;
}

// --- promtool, when installed (Debian package `prometheus`); the fleet tier requires it.

std::string promtool() {
  auto r = gdtest::run_shell("command -v promtool");
  if (r.exit_code == 0) return "promtool";
  if (std::getenv("GD_REQUIRE_PROMTOOL")) ADD_FAILURE() << "GD_REQUIRE_PROMTOOL is set but promtool is not on PATH";
  return "";
}

TEST(PrometheusPromtool, CheckMetricsIsCleanOnEveryFixture) {
  auto tool = promtool();
  if (tool.empty()) GTEST_SKIP() << "promtool not installed (apt-get install prometheus)";
  auto dir = fs::temp_directory_path() / ("gd_promtool_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "synthetic.prom") << gpudoctor::render::render_prometheus(two_envs_two_gpus());
  auto check = [&](const std::string& file) {
    auto r = gdtest::run_shell(tool + " check metrics < '" + file + "' 2>&1");
    EXPECT_EQ(r.exit_code, 0) << file << ":\n" << r.out;
    EXPECT_EQ(r.out, "") << file;
  };
  check((dir / "synthetic.prom").string());
  for (const auto& root : fs::directory_iterator(std::string(GD_FIXTURES) + "/roots")) {
    if (!root.is_directory()) continue;
    auto out = (dir / (root.path().filename().string() + ".prom")).string();
    auto r = gdtest::run_gpudoctor("--no-live --format prometheus --root '" + root.path().string() + "' > '" + out + "'");
    EXPECT_LE(r.exit_code, 1) << root.path();
    check(out);
  }
  fs::remove_all(dir);
}

TEST(PrometheusPromtool, AlertRulesPassTheirUnitTests) {
  auto tool = promtool();
  if (tool.empty()) GTEST_SKIP() << "promtool not installed (apt-get install prometheus)";
  std::string src = GD_SOURCE_DIR;
  auto check = gdtest::run_shell(tool + " check rules " + src + "/deploy/prometheus/gpudoctor.rules.yml 2>&1");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  auto test = gdtest::run_shell(tool + " test rules " + src + "/tests/deploy/prometheus/gpudoctor.rules.test.yml 2>&1");
  EXPECT_EQ(test.exit_code, 0) << test.out;
  EXPECT_TRUE(has(test.out, "SUCCESS")) << test.out;
}

// --- --prom-textfile DIR

class Textfile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gd_textfile_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string read(const std::string& name) {
    std::ifstream in(dir_ / name);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  fs::path dir_;
};

TEST_F(Textfile, WritesTheSameMetricsAsStdoutAndLeavesNoTempFile) {
  std::ofstream(dir_ / "gpudoctor.prom") << "old\n";
  auto r = gdtest::run_gpudoctor("--no-live --format prometheus --root " + std::string(GD_FIXTURES) +
                                 "/roots/module_not_loaded --prom-textfile " + dir_.string());
  EXPECT_EQ(r.exit_code, 1);
  auto file = read("gpudoctor.prom");
  EXPECT_TRUE(has(file, "gpudoctor_gpu_usable 0\n")) << file;
  EXPECT_TRUE(has(file, "gpudoctor_last_run_timestamp_seconds ")) << file;
  EXPECT_TRUE(parse(file).errors.empty()) << file;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"gpudoctor.prom"});
  // Samples the same but for the run's own time.
  auto strip = [](std::string s) {
    return std::regex_replace(s, std::regex("gpudoctor_(last_run_timestamp|run_duration)_seconds [0-9.]+"), "");
  };
  EXPECT_EQ(strip(r.out), strip(file));
}

TEST_F(Textfile, WorksWithEveryFormatOnStdout) {
  auto r = gdtest::run_gpudoctor("--format npd --facts " + std::string(GD_FIXTURES) +
                                 "/facts/healthy_h100.json --prom-textfile " + dir_.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("OK ", 0), 0u) << r.out;
  EXPECT_TRUE(has(read("gpudoctor.prom"), "gpudoctor_gpu_usable 1\n"));
}

TEST_F(Textfile, AnUnwritableDirectoryExitsThree) {
  std::string args = "--no-live --root " + std::string(GD_FIXTURES) + "/roots/h100_ok --prom-textfile ";
  auto missing = gdtest::run_gpudoctor(args + (dir_ / "missing").string(), "", true);
  EXPECT_EQ(missing.exit_code, 3) << missing.out;
  EXPECT_TRUE(has(missing.out, "gpudoctor: error: cannot write " + (dir_ / "missing").string() + "/gpudoctor.prom"))
      << missing.out;
  std::ofstream(dir_ / "a-file") << "x";
  EXPECT_EQ(gdtest::run_gpudoctor(args + (dir_ / "a-file").string()).exit_code, 3);
  auto full = gdtest::run_gpudoctor(args + "/dev/full", "", true);  // not a directory either
  EXPECT_EQ(full.exit_code, 3) << full.out;
}

}  // namespace
