// Checks the knowledge-base data files in kb/: every table parses, names its sources, has unique
// keys and well-formed values, and a few well-known rows say what the public sources say.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kb/table.hpp"
#include "util/strings.hpp"

namespace {

namespace fs = std::filesystem;
using gpudoctor::kb::parse_table;
using gpudoctor::kb::Table;

const fs::path kKbDir = fs::path(GD_SOURCE_DIR) / "kb";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> tsv_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kKbDir))
    if (e.is_regular_file() && e.path().extension() == ".tsv") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

Table load(const std::string& file) {
  return parse_table("kb/" + file, read_file(kKbDir / file));
}

// Row of `t` whose first column equals `key`; fails the test when absent.
std::map<std::string, std::string> row(const Table& t, const std::string& key) {
  std::map<std::string, std::string> out;
  for (const auto& r : t.rows) {
    if (r.empty() || r[0] != key) continue;
    for (size_t i = 0; i < t.columns.size() && i < r.size(); ++i) out[t.columns[i]] = r[i];
    return out;
  }
  ADD_FAILURE() << t.name << ": no row with key " << key;
  return out;
}

bool matches(const std::string& s, const char* re) { return std::regex_match(s, std::regex(re)); }

// Tables whose rows are keyed by their first N columns (owned by the framework-compat work):
// a TensorFlow build lists one soname per (cuda, lib) and one tested row per (platform, tf).
const std::map<std::string, size_t> kCompositeKeys = {{"tf_dso_sonames.tsv", 2}, {"tf_tested.tsv", 2}, {"jax_cuda_plugins.tsv", 2}};

const char* kCc = R"(\d+\.\d+)";
const char* kDriver = R"(\d+(\.\d+){1,2})";

void expect_columns(const Table& t, const std::vector<std::string>& want) {
  EXPECT_EQ(t.columns, want) << t.name;
}

}  // namespace

TEST(KbData, ExpectedFilesExist) {
  for (const char* f : {"gpus.tsv", "cuda_driver.tsv", "cuda_major.tsv", "arch_support.tsv", "status_curesult.tsv",
                        "status_nvml.tsv", "README.md"})
    EXPECT_TRUE(fs::exists(kKbDir / f)) << f;
}

TEST(KbData, EveryTableParsesWithSourcesDateAndUniqueKeys) {
  auto files = tsv_files();
  ASSERT_GE(files.size(), 6u);
  for (const auto& p : files) {
    SCOPED_TRACE(p.filename().string());
    std::string text = read_file(p);
    Table t;
    ASSERT_NO_THROW(t = parse_table("kb/" + p.filename().string(), text));
    EXPECT_GE(t.sources.size(), 1u);
    for (const auto& s : t.sources) EXPECT_FALSE(s.empty());
    EXPECT_NE(text.find("# date: "), std::string::npos);
    ASSERT_FALSE(t.columns.empty());
    EXPECT_FALSE(t.rows.empty());
    // The key is the first column, except for the tables listed in kCompositeKeys.
    size_t key_cols = 1;
    if (auto it = kCompositeKeys.find(p.filename().string()); it != kCompositeKeys.end()) key_cols = it->second;
    ASSERT_LE(key_cols, t.columns.size());
    std::set<std::string> keys;
    for (const auto& r : t.rows) {
      ASSERT_EQ(r.size(), t.columns.size());
      EXPECT_FALSE(r[0].empty()) << "empty key";
      std::string key = r[0];
      for (size_t i = 1; i < key_cols; ++i) key += "\t" + r[i];
      EXPECT_TRUE(keys.insert(key).second) << "duplicate key " << key;
    }
    // Fields never hold tabs or stray control characters (a tab would have split the field).
    for (const auto& r : t.rows)
      for (const auto& f : r)
        for (char c : f) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20) << "control char in " << r[0];
  }
}

TEST(KbData, GpusTable) {
  Table t = load("gpus.tsv");
  expect_columns(t, {"device_id", "name", "chip", "architecture", "compute_capability", "memory_gb",
                     "bus_width_bits", "mem_bw_gbs", "fp32_tflops", "tensor_bf16_tflops"});
  EXPECT_GE(t.rows.size(), 250u);
  const std::set<std::string> archs = {"Kepler", "Maxwell", "Pascal", "Volta", "Turing",
                                       "Ampere", "Ada",    "Hopper", "Blackwell"};
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& id = t.get(r, "device_id");
    SCOPED_TRACE(id);
    EXPECT_TRUE(matches(id, "[0-9a-f]{4}"));
    EXPECT_FALSE(t.get(r, "name").empty());
    EXPECT_FALSE(t.get(r, "chip").empty());
    EXPECT_TRUE(archs.count(t.get(r, "architecture")));
    EXPECT_TRUE(matches(t.get(r, "compute_capability"), kCc));
    for (const char* col : {"memory_gb", "bus_width_bits", "mem_bw_gbs", "fp32_tflops", "tensor_bf16_tflops"}) {
      const std::string& v = t.get(r, col);
      if (!v.empty()) {
        EXPECT_TRUE(matches(v, R"(\d+(\.\d+)?)")) << col << "=" << v;
      }
    }
  }
}

TEST(KbData, GpusSpotChecks) {
  Table t = load("gpus.tsv");
  struct Want {
    const char* id;
    const char* name_part;
    const char* arch;
    const char* cc;
  };
  // Ids verified in pci.ids 2026.05.24; compute capabilities from developer.nvidia.com/cuda-gpus.
  for (const Want& w : {Want{"2330", "H100 SXM5", "Hopper", "9.0"}, Want{"1eb8", "Tesla T4", "Turing", "7.5"},
                        Want{"20b0", "A100 SXM4 40GB", "Ampere", "8.0"}, Want{"2684", "RTX 4090", "Ada", "8.9"},
                        Want{"1b06", "GTX 1080 Ti", "Pascal", "6.1"}, Want{"17c8", "GTX 980 Ti", "Maxwell", "5.2"},
                        Want{"102d", "Tesla K80", "Kepler", "3.7"}, Want{"1db4", "V100 PCIe", "Volta", "7.0"},
                        Want{"2901", "B200", "Blackwell", "10.0"}, Want{"2b85", "RTX 5090", "Blackwell", "12.0"},
                        Want{"27b8", "L4", "Ada", "8.9"}, Want{"2335", "H200", "Hopper", "9.0"}}) {
    SCOPED_TRACE(w.id);
    auto r = row(t, w.id);
    EXPECT_NE(r["name"].find(w.name_part), std::string::npos) << r["name"];
    EXPECT_EQ(r["architecture"], w.arch);
    EXPECT_EQ(r["compute_capability"], w.cc);
  }
  // Peaks from research notes lowlevel.md 5.4 (H100 SXM5 datasheet values, dense BF16).
  auto h100 = row(t, "2330");
  EXPECT_EQ(h100["mem_bw_gbs"], "3350");
  EXPECT_EQ(h100["fp32_tflops"], "67");
  EXPECT_EQ(h100["tensor_bf16_tflops"], "989");
}

TEST(KbData, CudaDriverTable) {
  Table t = load("cuda_driver.tsv");
  expect_columns(t, {"cuda", "linux_min_driver", "windows_min_driver", "source_quality"});
  std::string prev_cuda, prev_linux;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& cuda = t.get(r, "cuda");
    SCOPED_TRACE(cuda);
    EXPECT_TRUE(matches(cuda, R"(\d+\.\d+(\.\d+)?)"));
    EXPECT_TRUE(matches(t.get(r, "linux_min_driver"), kDriver));
    const std::string& win = t.get(r, "windows_min_driver");
    if (!win.empty()) {
      EXPECT_TRUE(matches(win, kDriver));
    }
    const std::string& q = t.get(r, "source_quality");
    EXPECT_TRUE(q == "primary" || q == "secondary") << q;
    // Rows are in release order and a newer release never needs an older Linux driver.
    if (!prev_cuda.empty()) {
      EXPECT_LT(gpudoctor::util::compare_versions(prev_cuda, cuda), 0);
      EXPECT_LE(gpudoctor::util::compare_versions(prev_linux, t.get(r, "linux_min_driver")), 0);
    }
    prev_cuda = cuda;
    prev_linux = t.get(r, "linux_min_driver");
  }
  EXPECT_EQ(row(t, "10.0")["linux_min_driver"], "410.48");
  EXPECT_EQ(row(t, "11.8")["linux_min_driver"], "520.61.05");
  EXPECT_EQ(row(t, "12.0")["linux_min_driver"], "525.60.13");
  EXPECT_EQ(row(t, "12.0")["windows_min_driver"], "527.41");
  EXPECT_EQ(row(t, "12.8")["linux_min_driver"], "570.26");
  EXPECT_EQ(row(t, "12.9")["linux_min_driver"], "575.51.03");
  EXPECT_EQ(row(t, "13.0")["linux_min_driver"], "580.65.06");
}

TEST(KbData, CudaMajorTable) {
  Table t = load("cuda_major.tsv");
  expect_columns(t, {"cuda_major", "minor_compat_linux_min", "minor_compat_windows_min", "min_compute_capability",
                     "max_compute_capability_note"});
  for (size_t r = 0; r < t.rows.size(); ++r) {
    SCOPED_TRACE(t.get(r, "cuda_major"));
    EXPECT_TRUE(matches(t.get(r, "cuda_major"), R"(\d+)"));
    for (const char* col : {"minor_compat_linux_min", "minor_compat_windows_min"}) {
      const std::string& v = t.get(r, col);
      if (!v.empty()) {
        EXPECT_TRUE(matches(v, kDriver)) << col << "=" << v;
      }
    }
    EXPECT_TRUE(matches(t.get(r, "min_compute_capability"), kCc));
  }
  auto c10 = row(t, "10");
  EXPECT_EQ(c10["minor_compat_linux_min"], "");  // no minor-version compatibility before CUDA 11
  auto c11 = row(t, "11");
  EXPECT_EQ(c11["minor_compat_linux_min"], "450.80.02");
  EXPECT_EQ(c11["minor_compat_windows_min"], "452.39");
  EXPECT_EQ(c11["min_compute_capability"], "3.5");
  auto c12 = row(t, "12");
  EXPECT_EQ(c12["minor_compat_linux_min"], "525.60.13");
  EXPECT_EQ(c12["minor_compat_windows_min"], "527.41");
  EXPECT_EQ(c12["min_compute_capability"], "5.0");
  auto c13 = row(t, "13");
  EXPECT_TRUE(gpudoctor::util::starts_with(c13["minor_compat_linux_min"], "580."));
  EXPECT_EQ(c13["min_compute_capability"], "7.5");
}

TEST(KbData, ArchSupportTable) {
  Table t = load("arch_support.tsv");
  expect_columns(t, {"architecture", "cc_min", "cc_max", "last_cuda_major", "last_driver_branch", "first_cuda",
                     "open_module_supported", "open_module_required", "first_driver_branch"});
  using gpudoctor::util::compare_versions;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    SCOPED_TRACE(t.get(r, "architecture"));
    // The first branch is known from Turing on; it never lies after the last one.
    const std::string& first_branch = t.get(r, "first_driver_branch");
    if (compare_versions(t.get(r, "cc_min"), "7.5") >= 0) EXPECT_TRUE(matches(first_branch, R"(\d{3})")) << first_branch;
    if (!first_branch.empty() && !t.get(r, "last_driver_branch").empty())
      EXPECT_LT(std::stoi(first_branch), std::stoi(t.get(r, "last_driver_branch")));
    EXPECT_TRUE(matches(t.get(r, "cc_min"), kCc));
    EXPECT_TRUE(matches(t.get(r, "cc_max"), kCc));
    EXPECT_LE(compare_versions(t.get(r, "cc_min"), t.get(r, "cc_max")), 0);
    const std::string& last = t.get(r, "last_cuda_major");
    const std::string& branch = t.get(r, "last_driver_branch");
    if (!last.empty()) {
      EXPECT_TRUE(matches(last, R"(\d+)"));
    }
    if (!branch.empty()) {
      EXPECT_TRUE(matches(branch, R"(\d+)"));
    }
    EXPECT_EQ(last.empty(), branch.empty());
    EXPECT_TRUE(matches(t.get(r, "first_cuda"), R"(\d+\.\d+)"));
    for (const char* col : {"open_module_supported", "open_module_required"}) {
      const std::string& v = t.get(r, col);
      EXPECT_TRUE(v == "yes" || v == "no") << col << "=" << v;
    }
    if (t.get(r, "open_module_required") == "yes") {
      EXPECT_EQ(t.get(r, "open_module_supported"), "yes");
    }
    // Ranges are listed in order and do not overlap.
    if (r > 0) {
      EXPECT_LT(compare_versions(t.get(r - 1, "cc_max"), t.get(r, "cc_min")), 0);
    }
  }
  auto kepler35 = row(t, "Kepler-3.5");
  EXPECT_EQ(kepler35["last_cuda_major"], "11");
  EXPECT_EQ(kepler35["last_driver_branch"], "470");
  auto volta = row(t, "Volta");
  EXPECT_EQ(volta["last_cuda_major"], "12");
  EXPECT_EQ(volta["last_driver_branch"], "580");
  EXPECT_EQ(volta["open_module_supported"], "no");
  auto turing = row(t, "Turing");
  EXPECT_EQ(turing["last_cuda_major"], "");
  EXPECT_EQ(turing["open_module_supported"], "yes");
  EXPECT_EQ(turing["open_module_required"], "no");
  EXPECT_EQ(row(t, "Blackwell-12")["open_module_required"], "yes");
  EXPECT_EQ(row(t, "Blackwell-10")["first_cuda"], "12.8");
  // First branches (open-gpu-kernel-modules README per tag; CUDA release notes' bundled drivers).
  EXPECT_EQ(row(t, "Hopper")["first_driver_branch"], "520");
  EXPECT_EQ(row(t, "Blackwell-10")["first_driver_branch"], "570");
  EXPECT_EQ(row(t, "Blackwell-12")["first_driver_branch"], "570");
  EXPECT_EQ(turing["first_driver_branch"], "410");
}

TEST(KbData, EveryGpuHasAnArchitectureRow) {
  Table gpus = load("gpus.tsv");
  Table arch = load("arch_support.tsv");
  using gpudoctor::util::compare_versions;
  for (size_t g = 0; g < gpus.rows.size(); ++g) {
    const std::string& cc = gpus.get(g, "compute_capability");
    SCOPED_TRACE(gpus.get(g, "device_id") + " cc " + cc);
    bool found = false;
    for (size_t a = 0; a < arch.rows.size() && !found; ++a) {
      if (compare_versions(cc, arch.get(a, "cc_min")) < 0 || compare_versions(cc, arch.get(a, "cc_max")) > 0)
        continue;
      found = true;
      std::string name = arch.get(a, "architecture");
      EXPECT_EQ(name.substr(0, name.find('-')), gpus.get(g, "architecture"));
    }
    EXPECT_TRUE(found);
  }
}

TEST(KbData, CuresultTable) {
  Table t = load("status_curesult.tsv");
  expect_columns(t, {"name", "code", "old_code", "text", "explain", "cause", "meaning", "header"});
  EXPECT_GE(t.rows.size(), 90u);
  std::map<std::string, std::string> by_code;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    SCOPED_TRACE(t.get(r, "name"));
    EXPECT_TRUE(matches(t.get(r, "code"), R"(\d+)"));
    EXPECT_TRUE(matches(t.get(r, "name"), "CUDA_(SUCCESS|ERROR_[A-Z0-9_]+)"));
    EXPECT_FALSE(t.get(r, "meaning").empty());
    EXPECT_TRUE(by_code.emplace(t.get(r, "code"), t.get(r, "name")).second) << "two names for one code";
  }
  const std::map<std::string, std::string> want = {
      {"0", "CUDA_SUCCESS"},
      {"3", "CUDA_ERROR_NOT_INITIALIZED"},
      {"34", "CUDA_ERROR_STUB_LIBRARY"},
      {"36", "CUDA_ERROR_CALL_REQUIRES_NEWER_DRIVER"},
      {"46", "CUDA_ERROR_DEVICE_UNAVAILABLE"},
      {"100", "CUDA_ERROR_NO_DEVICE"},
      {"209", "CUDA_ERROR_NO_BINARY_FOR_GPU"},
      {"222", "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"},
      {"802", "CUDA_ERROR_SYSTEM_NOT_READY"},
      {"803", "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"},
      {"804", "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE"},
      {"999", "CUDA_ERROR_UNKNOWN"},
  };
  for (const auto& [code, name] : want) EXPECT_EQ(by_code[code], name) << code;
  // 35 is the runtime's cudaErrorInsufficientDriver, not a CUresult.
  EXPECT_EQ(by_code.count("35"), 0u);
}

TEST(KbData, NvmlReturnTable) {
  Table t = load("status_nvml.tsv");
  expect_columns(t, {"name", "code", "old_code", "text", "explain", "cause", "meaning", "header"});
  std::map<std::string, std::string> by_code;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    SCOPED_TRACE(t.get(r, "name"));
    EXPECT_TRUE(matches(t.get(r, "code"), R"(\d+)"));
    EXPECT_TRUE(matches(t.get(r, "name"), "NVML_(SUCCESS|ERROR_[A-Z0-9_]+)"));
    EXPECT_FALSE(t.get(r, "meaning").empty());
    by_code[t.get(r, "code")] = t.get(r, "name");
  }
  for (int c = 0; c <= 30; ++c) EXPECT_TRUE(by_code.count(std::to_string(c))) << c;  // contiguous 0..30
  EXPECT_EQ(by_code["9"], "NVML_ERROR_DRIVER_NOT_LOADED");
  EXPECT_EQ(by_code["18"], "NVML_ERROR_LIB_RM_VERSION_MISMATCH");
  EXPECT_EQ(by_code["999"], "NVML_ERROR_UNKNOWN");
}
