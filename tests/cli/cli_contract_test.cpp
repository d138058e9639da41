// The command-line contract: formats, exit codes, errors on bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.hpp"

namespace fs = std::filesystem;
using gdtest::run_gpudoctor;

static std::string write_temp(const std::string& name, const std::string& text) {
  auto p = fs::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p.string();
}

TEST(CliContract, UnknownOptionIsAUsageError) {
  auto r = run_gpudoctor("--no-such-flag", "", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("gpudoctor: error:"), std::string::npos) << r.out;
}

TEST(CliContract, MissingOrGarbageFactsFileIsAUsageErrorWithOneLine) {
  auto r = run_gpudoctor("--facts /nonexistent/facts.json", "", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("no such file or directory"), std::string::npos) << r.out;
  std::string garbage = write_temp("gd_garbage.json", "{\"schema_version\": 1, \"pci\": [");
  r = run_gpudoctor("--facts " + garbage, "", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  std::string wrong_type = write_temp("gd_wrong.json", "{\"schema_version\": 1, \"pci\": {\"gpus\": 7}}");
  EXPECT_EQ(run_gpudoctor("--facts " + wrong_type).exit_code, 2);
  std::string future = write_temp("gd_future.json", "{\"schema_version\": 99}");
  r = run_gpudoctor("--facts " + future, "", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("schema_version 99"), std::string::npos);
}

TEST(CliContract, HealthyFactsExitZeroAndBrokenFactsExitOne) {
  std::string healthy = std::string(GD_FIXTURES) + "/facts/healthy_h100.json";
  auto r = run_gpudoctor("--facts " + healthy);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("The GPU should be usable"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(run_gpudoctor("--json --facts " + healthy).out);
  EXPECT_TRUE(j["gpu_usable"].get<bool>());
  j["facts"]["env"]["vars"]["CUDA_VISIBLE_DEVICES"] = "-1";
  std::string broken = write_temp("gd_broken.json", j.dump());  // a full report is accepted as facts too
  r = run_gpudoctor("--facts " + broken);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("[E501]"), std::string::npos) << r.out;
}

TEST(CliContract, MarkdownAndPrometheusFormats) {
  std::string healthy = std::string(GD_FIXTURES) + "/facts/healthy_h100.json";
  auto md = run_gpudoctor("--markdown --facts " + healthy);
  EXPECT_NE(md.out.find("## gpudoctor report"), std::string::npos);
  EXPECT_NE(md.out.find("<details>"), std::string::npos);
  EXPECT_NE(md.out.find("NVIDIA H100 80GB HBM3"), std::string::npos);
  auto prom = run_gpudoctor("--format prometheus --facts " + healthy);
  EXPECT_NE(prom.out.find("gpudoctor_gpu_usable 1"), std::string::npos) << prom.out;
}

TEST(CliContract, TextHasNoColourWhenNotATerminal) {
  auto r = run_gpudoctor("--facts " + std::string(GD_FIXTURES) + "/facts/healthy_h100.json");
  EXPECT_EQ(r.out.find("\033["), std::string::npos);
}

TEST(CliContract, ExplainCodePrintsTheDocsPageOffline) {
  auto r = run_gpudoctor("explain-code L302");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("# L302 libcuda_stub", 0), 0u) << r.out;
  EXPECT_EQ(run_gpudoctor("explain-code libcuda_stub").out, r.out);
  EXPECT_EQ(run_gpudoctor("explain-code Z999").exit_code, 2);
}

TEST(CliContract, ListCodesAsJson) {
  auto j = nlohmann::json::parse(run_gpudoctor("list-codes --json").out);
  ASSERT_TRUE(j.is_array());
  bool found = false;
  for (const auto& c : j) found |= c["code"] == "H101" && c["cause"] == "no_gpu_hardware";
  EXPECT_TRUE(found);
}

TEST(CliContract, KbOverrideIsReadAndAMalformedOneIsRejected) {
  auto dir = fs::temp_directory_path() / "gd_kb_override";
  fs::create_directories(dir);
  std::ofstream(dir / "cuda_major.tsv") << "# source: test\n# date: 2099-01-01\ncuda_major\tminor_compat_linux_min\tminor_compat_windows_min\tmin_compute_capability\n12\t999.0\t\t5.0\n";
  auto j = nlohmann::json::parse(
      run_gpudoctor("--json --kb " + dir.string() + " --facts " + std::string(GD_FIXTURES) + "/facts/healthy_h100.json").out);
  EXPECT_EQ(j["kb"]["date"], "2099-01-01");
  bool too_old = false;
  for (const auto& f : j["findings"]) too_old |= f["code"] == "L304";
  EXPECT_TRUE(too_old) << "the override's driver floor 999.0 was not used";
  std::ofstream(dir / "cuda_major.tsv") << "a\tb\n1\t2\t3\n";
  EXPECT_EQ(run_gpudoctor("--kb " + dir.string() + " --facts " + std::string(GD_FIXTURES) + "/facts/healthy_h100.json").exit_code, 2);
  fs::remove_all(dir);
}
