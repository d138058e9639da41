// What gpudoctor does with what it is given: paths relative to the working directory,
// a --root that is missing or empty, facts files that lack what decides the verdict,
// --env/--python naming nothing, and option values that are not finite numbers. Each
// runs the real binary; each pins a wrong answer the tool used to give (issue 10).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.hpp"

namespace fs = std::filesystem;
using gdtest::run_gpudoctor;
using gdtest::run_shell;

namespace {

// A fresh directory of its own, removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    dir_ = fs::temp_directory_path() /
           ("gd-input-" + tag + "-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~TempDir() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }
  std::string write(const std::string& rel, const std::string& text) const {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }

 private:
  fs::path dir_;
};

std::string healthy() { return std::string(GD_FIXTURES) + "/facts/healthy_h100.json"; }

// `cd DIR && gpudoctor ARGS` with stderr kept apart: {exit, stdout, stderr}.
struct Split {
  int exit_code;
  std::string out, err;
};
Split in_dir(const std::string& dir, const std::string& args, const std::string& env = "") {
  std::string err_file = dir + "/.stderr";
  auto r = run_shell("cd '" + dir + "' && env " + env + " '" + GD_BINARY + "' " + args + " 2>'" + err_file + "'");
  std::ifstream in(err_file);
  std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(err_file);
  return {r.exit_code, r.out, err};
}

size_t lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

const char* kNoEnvs = "HOME=/nonexistent-gd-home VIRTUAL_ENV= CONDA_PREFIX= PYENV_ROOT=/nonexistent-gd PWD=/nonexistent-gd";

}  // namespace

// Regression: `collect -o facts.json && --facts facts.json` failed with "cannot read facts
// file facts.json" anywhere but in /, because the file was read as /facts.json.
TEST(InputContract, CollectThenFactsWorkInAFreshDirectory) {
  TempDir tmp("fresh");
  auto c = in_dir(tmp.path(), "collect --no-live -o facts.json");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  ASSERT_TRUE(fs::exists(tmp.path() + "/facts.json"));
  auto r = in_dir(tmp.path(), "--json --facts facts.json");
  EXPECT_NE(r.exit_code, 2) << r.err;
  auto j = nlohmann::json::parse(r.out);
  auto fresh = nlohmann::json::parse(in_dir(tmp.path(), "--json --no-live").out);
  EXPECT_EQ(j["findings"].size(), fresh["findings"].size()) << "the facts file judged like this machine";
  // ./facts.json and a path through .. are the same file.
  EXPECT_NE(in_dir(tmp.path(), "--facts ./facts.json").exit_code, 2);
  fs::create_directories(tmp.path() + "/sub");
  EXPECT_NE(in_dir(tmp.path() + "/sub", "--facts ../facts.json").exit_code, 2);
}

// Regression: --kb DIR relative was read from /.
TEST(InputContract, RelativeKbDirectoryResolvesFromTheWorkingDirectory) {
  TempDir tmp("kb");
  tmp.write("mykb/cuda_major.tsv",
            "# source: test\n# date: 2099-01-01\ncuda_major\tminor_compat_linux_min\tminor_compat_windows_min\t"
            "min_compute_capability\n12\t999.0\t\t5.0\n");
  auto r = in_dir(tmp.path(), "--json --kb mykb --facts " + healthy());
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kb"]["date"], "2099-01-01");
  EXPECT_EQ(j["kb"]["origin"], tmp.path() + "/mykb");
}

// explain FILE and run --report FILE take relative paths from the working directory too.
TEST(InputContract, ExplainFileAndRunReportAreRelativeToTheWorkingDirectory) {
  TempDir tmp("explain");
  tmp.write("log.txt", "RuntimeError: Found no NVIDIA driver on your system.\n");
  auto e = in_dir(tmp.path(), "explain --no-probe --json log.txt");
  ASSERT_EQ(e.exit_code, 1) << e.err;
  EXPECT_FALSE(nlohmann::json::parse(e.out)["findings"].empty());
  auto r = in_dir(tmp.path(), "run --report report.json -- true");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(tmp.path() + "/report.json"));
}

// Regression: --env/--python relative were looked up from / and then dropped silently.
TEST(InputContract, RelativeEnvAndPythonResolveFromTheWorkingDirectory) {
  TempDir tmp("env");
  tmp.write("venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.7\n");
  tmp.write("venv/lib/python3.11/site-packages/torch-2.4.0.dist-info/METADATA", "Name: torch\nVersion: 2.4.0\n");
  tmp.write("venv/bin/python3", "");
  for (std::string arg : {"--env venv", "--env ./venv/", "--python venv/bin/python3"}) {
    auto r = in_dir(tmp.path(), "--json --no-live " + arg, kNoEnvs);
    ASSERT_NE(r.exit_code, 2) << arg << ": " << r.err;
    auto j = nlohmann::json::parse(r.out);
    bool found = false;
    for (const auto& e : j["facts"]["frameworks"]["environments"])
      found |= fs::path(e["prefix"].get<std::string>()) == fs::path(tmp.path() + "/venv");
    EXPECT_TRUE(found) << arg << ": " << j["facts"]["frameworks"]["environments"].dump();
  }
}

TEST(InputContract, EnvOrPythonNamingNothingIsAUsageError) {
  TempDir tmp("noenv");
  for (std::string arg : {"--env nonexistent-venv", "--python /nonexistent-gd/bin/python3", "--env /nonexistent-gd"}) {
    auto r = in_dir(tmp.path(), "--no-live " + arg, kNoEnvs);
    EXPECT_EQ(r.exit_code, 2) << arg;
    EXPECT_EQ(r.out, "") << arg;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("no such file or directory"), std::string::npos) << r.err;
  }
  // Under --root a relative path has no meaning: inside the root or not?
  tmp.write("root/etc/os-release", "ID=debian\n");
  auto r = in_dir(tmp.path(), "--no-live --root root --env venv", kNoEnvs);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("absolute path inside --root"), std::string::npos) << r.err;
}

// An existing folder that holds no Python environment is said, not dropped.
TEST(InputContract, EnvThatIsNoPythonEnvironmentIsReported) {
  TempDir tmp("notenv");
  tmp.write("notavenv/readme.txt", "x\n");
  auto r = in_dir(tmp.path(), "--json --no-live --env notavenv", kNoEnvs);
  auto j = nlohmann::json::parse(r.out);
  bool said = false;
  for (const auto& p : j["problems"])
    said |= p["path"] == tmp.path() + "/notavenv" && p["error"].get<std::string>().find("not a Python environment") !=
                                                          std::string::npos;
  EXPECT_TRUE(said) << j["problems"].dump();
}

// Regression: --root /nonexistent gave L301 "install the driver's user-space libraries"
// and exit 1; a DaemonSet whose host mount is missing would read as a broken node.
TEST(InputContract, MissingOrEmptyRootIsAUsageError) {
  TempDir tmp("root");
  fs::create_directories(tmp.path() + "/empty");
  tmp.write("file", "x\n");
  for (std::string root : std::vector<std::string>{"/nonexistent-gd-root", tmp.path() + "/empty", tmp.path() + "/file", "empty"}) {
    for (std::string cmd : {"--no-live", "--json --no-live", "collect --no-live", "explain --json /dev/null"}) {
      auto r = in_dir(tmp.path(), cmd + " --root " + root);
      EXPECT_EQ(r.exit_code, 2) << cmd << " --root " << root << "\n" << r.out;
      EXPECT_EQ(r.out, "") << cmd << " --root " << root;
      EXPECT_EQ(lines(r.err), 1u) << r.err;
      EXPECT_EQ(r.err.rfind("gpudoctor: error: --root ", 0), 0u) << r.err;
    }
  }
  // A populated root still works, relative or not.
  auto ok = in_dir(std::string(GD_FIXTURES) + "/roots", "--json --no-live --root module_not_loaded");
  EXPECT_EQ(ok.exit_code, 1) << ok.err;
  EXPECT_EQ(nlohmann::json::parse(ok.out)["facts"]["root"], std::string(GD_FIXTURES) + "/roots/module_not_loaded");
}

// Regression: a facts file holding {} gave "The GPU should be usable" and exit 0.
TEST(InputContract, FactsFileLackingTheDecidingFactsIsAnInputError) {
  TempDir tmp("facts");
  for (std::string text : {"{}", "{\"schema_version\": 1}", "{\"facts\": {}, \"findings\": []}"}) {
    tmp.write("f.json", text);
    for (std::string fmt : {"", "--json ", "--format prometheus "}) {
      auto r = in_dir(tmp.path(), fmt + "--facts f.json");
      EXPECT_EQ(r.exit_code, 2) << text << "\n" << r.out;
      EXPECT_EQ(r.out, "") << text;
      EXPECT_EQ(lines(r.err), 1u) << r.err;
      EXPECT_NE(r.err.find("lacks host, pci, driver"), std::string::npos) << r.err;
    }
  }
  // One section short is enough.
  std::ifstream in(healthy());
  auto j = nlohmann::json::parse(in);
  j.erase("driver");
  tmp.write("f.json", j.dump());
  auto r = in_dir(tmp.path(), "--facts f.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("lacks driver"), std::string::npos) << r.err;
}

TEST(InputContract, EmptyOrBlankFactsFileIsAnInputError) {
  TempDir tmp("empty");
  for (std::string text : {"", " \n\t\r\n"}) {
    tmp.write("f.json", text);
    auto r = in_dir(tmp.path(), "--facts f.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "gpudoctor: error: facts file " + tmp.path() + "/f.json is empty\n");
    r = in_dir(tmp.path(), "--facts - < f.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "gpudoctor: error: facts file - is empty\n");
  }
}

// Every section present, but the PCI bus could not be read and nothing live saw a GPU:
// no rule has anything to judge, which is not "usable".
TEST(InputContract, UnreadablePciBusGivesAnUnknownVerdict) {
  TempDir tmp("pci");
  std::ifstream in(healthy());
  auto j = nlohmann::json::parse(in);
  j["pci"] = {{"sysfs_readable", false}, {"devices_scanned", 0}, {"gpus", nlohmann::json::array()}};
  j["problems"] = {{{"probe", "pci"}, {"path", "/sys/bus/pci/devices"}, {"error", "permission denied"}}};
  tmp.write("f.json", j.dump());
  auto r = in_dir(tmp.path(), "--json --facts f.json");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  auto rep = nlohmann::json::parse(r.out);
  EXPECT_EQ(rep["verdict"], "unknown");
  EXPECT_FALSE(rep["gpu_usable"].get<bool>());
  ASSERT_EQ(rep["unknown"].size(), 1u) << rep["unknown"];
  EXPECT_NE(rep["unknown"][0].get<std::string>().find("/sys/bus/pci/devices: permission denied"), std::string::npos);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("gpudoctor: could not judge whether the GPU is usable: the PCI bus could not be read", 0), 0u)
      << r.err;

  auto text = in_dir(tmp.path(), "--facts f.json");
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_EQ(text.out.find("The GPU should be usable"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Whether the GPU is usable is unknown: the PCI bus could not be read"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("/sys/bus/pci/devices (pci): permission denied"), std::string::npos) << text.out;
  auto md = in_dir(tmp.path(), "--markdown --facts f.json");
  EXPECT_NE(md.out.find("**Verdict:** whether the GPU is usable is unknown"), std::string::npos) << md.out;
  auto prom = in_dir(tmp.path(), "--format prometheus --facts f.json");
  EXPECT_NE(prom.out.find("gpudoctor_verdict_unknown 1\n"), std::string::npos) << prom.out;
  EXPECT_EQ(prom.out.find("\ngpudoctor_gpu_usable "), std::string::npos) << prom.out;

  // A GPU the driver answered for live decides it: the verdict is known again.
  j["live"] = {{"ran", true}, {"cuda", {{"device_count", 1}}}};
  tmp.write("f.json", j.dump());
  auto live = nlohmann::json::parse(in_dir(tmp.path(), "--json --facts f.json").out);
  EXPECT_NE(live["verdict"], "unknown") << live["unknown"];
}

// Regression: `--framework torch` with no torch installed said "usable".
TEST(InputContract, FrameworkWithNoInstallIsUnknownNotUsable) {
  auto r = run_gpudoctor("--json --framework torch --facts " + healthy());
  EXPECT_EQ(r.exit_code, 2);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"], "unknown");
  ASSERT_EQ(j["unknown"].size(), 1u);
  EXPECT_EQ(j["unknown"][0].get<std::string>().rfind("no torch install was found in the 0 Python environments", 0), 0u)
      << j["unknown"];
  auto text = run_gpudoctor("--framework torch --facts " + healthy());
  EXPECT_EQ(text.out.find("should be usable"), std::string::npos) << text.out;
  // Without --framework the same facts are usable.
  EXPECT_EQ(run_gpudoctor("--facts " + healthy()).exit_code, 0);
}

// Regression: --timeout nan switched the hang guard off (NaN passes every range check).
TEST(InputContract, NonFiniteOrOutOfRangeNumbersAreUsageErrors) {
  for (std::string args :
       {"--timeout nan", "--timeout NaN", "--timeout inf", "--timeout -inf", "--timeout -1", "--timeout 0",
        "--timeout 1e400", "--timeout abc", "--deep-timeout nan", "--deep-timeout inf", "--deep-timeout -5",
        "selftest --seconds nan", "selftest --seconds inf", "selftest --gemm-size nan", "run --interval nan -- true",
        "run --interval inf -- true", "run --interval -1 -- true"}) {
    auto r = run_gpudoctor("--facts " + healthy() + " " + args, "", true);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("gpudoctor: error:"), std::string::npos) << args << "\n" << r.out;
  }
  EXPECT_EQ(run_gpudoctor("--timeout 0.5 --deep-timeout 30 --facts " + healthy()).exit_code, 0);
}

// Regression: a --kb table with a renamed column was accepted and turned rules off.
TEST(InputContract, KbOverrideWithARenamedColumnOrUnknownTableIsRejected) {
  TempDir tmp("kbcol");
  tmp.write("kb/cuda_major.tsv",
            "# source: test\ncuda_major\tminor_compat_linux\tminor_compat_windows_min\tmin_compute_capability\n"
            "12\t999.0\t\t5.0\n");
  auto r = in_dir(tmp.path(), "--kb kb --facts " + healthy());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("kb/cuda_major.tsv: no column 'minor_compat_linux_min'"), std::string::npos) << r.err;
  fs::remove(tmp.path() + "/kb/cuda_major.tsv");
  tmp.write("kb/cuda_majors.tsv", "# source: test\ncuda_major\n12\n");
  r = in_dir(tmp.path(), "--kb kb --facts " + healthy());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("kb/cuda_majors.tsv: unknown table"), std::string::npos) << r.err;
  // explain reads the message tables: a renamed pattern column stops it the same way.
  fs::remove(tmp.path() + "/kb/cuda_majors.tsv");
  tmp.write("kb/messages_pytorch.tsv", "# source: test\nid\tframework\tcode\tcause\tseverity\tprio\tregex\tmessage\tfix\t"
                                       "source\texample\tquiet\n");
  r = in_dir(tmp.path(), "--kb kb explain --no-probe /dev/null");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("kb/messages_pytorch.tsv: no column 'pattern'"), std::string::npos) << r.err;
}
