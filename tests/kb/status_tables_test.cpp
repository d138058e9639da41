// Walks kb/status_*.tsv against the CUDA headers of the machine that runs the tests: the enum
// is parsed from the header here, at test time, and compared with the table both ways (every
// enumerator is a row with its number; every row read from that header is an enumerator).
// A header of another version than the table was generated from skips (the numbers of other
// releases are the table's old_code column, checked by spot tests below).
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "kb/table.hpp"
#include "util/strings.hpp"

namespace fs = std::filesystem;
using gpudoctor::kb::parse_table;
using gpudoctor::kb::Table;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path include_dir() {
  if (const char* e = std::getenv("GPUDOCTOR_CUDA_INCLUDE")) return e;
  return "/usr/local/cuda/include";
}

Table table(const std::string& file) {
  return parse_table("kb/" + file, slurp(fs::path(GD_SOURCE_DIR) / "kb" / file));
}

bool util_parse(const std::string& s, long long& out) {
  if (s.rfind("0x", 0) == 0 || s.rfind("0X", 0) == 0) {
    out = std::stoll(s, nullptr, 16);
    return true;
  }
  auto v = gpudoctor::util::parse_int(s);
  if (!v) return false;
  out = *v;
  return true;
}

// name -> value of `typedef enum { ... } type;` (or `enum type { ... };`), aliases resolved.
std::map<std::string, long long> parse_enum(const std::string& header, const std::string& type) {
  std::string text = header;
  RE2::GlobalReplace(&text, R"((?s)/\*.*?\*/)", "");
  RE2::GlobalReplace(&text, R"(//[^\n]*)", "");
  std::string body;
  if (!RE2::PartialMatch(text, "(?s)typedef\\s+enum\\s*\\w*\\s*\\{([^{}]*)\\}\\s*" + type + "\\s*;", &body))
    RE2::PartialMatch(text, "(?s)enum\\s+(?:__device_builtin__\\s+)?" + type + "\\s*\\{([^{}]*)\\}\\s*;", &body);
  std::map<std::string, std::string> raw;
  re2::StringPiece in(body);
  std::string name, value;
  static const RE2 entry(R"(\s*(\w+)\s*(?:CUDNN_DEPRECATED_ENUM\s*)?=\s*([^,]+?)\s*(?:,|$))");
  while (RE2::FindAndConsume(&in, entry, &name, &value)) raw[name] = value;
  std::map<std::string, long long> out;
  for (const auto& [n, v] : raw) {
    std::string cur = v;
    for (int depth = 0; depth < 5 && raw.count(cur); ++depth) cur = raw[cur];
    long long num = 0;
    if (util_parse(cur, num)) out[n] = num;
  }
  return out;
}

}  // namespace

namespace {

// The version string the table's rows carry for a header ("13.0", "9.19", "2.28.9").
std::string header_version(const fs::path& inc, const std::string& table) {
  std::string major, minor, patch;
  if (table == "status_cudnn.tsv") {
    std::string v = slurp(inc / "cudnn_version.h");
    if (!RE2::PartialMatch(v, R"((?s)#define CUDNN_MAJOR (\d+).*?#define CUDNN_MINOR (\d+))", &major, &minor)) return "";
    return major + "." + minor;
  }
  if (table == "status_nccl.tsv") {
    std::string v = slurp(inc / "nccl.h");
    if (!RE2::PartialMatch(v, R"((?s)#define NCCL_MAJOR (\d+).*?#define NCCL_MINOR (\d+).*?#define NCCL_PATCH (\d+))",
                           &major, &minor, &patch))
      return "";
    return major + "." + minor + "." + patch;
  }
  std::string v = slurp(inc / "cuda.h"), n;
  if (!RE2::PartialMatch(v, R"(#define CUDA_VERSION (\d+))", &n)) return "";
  int cv = std::stoi(n);
  return std::to_string(cv / 1000) + "." + std::to_string(cv % 1000 / 10);
}

void walk(const char* file, const char* header, const char* type) {
  fs::path inc = include_dir();
  fs::path h = inc / header;
  if (!fs::exists(h)) GTEST_SKIP() << h << " is not on this machine";
  Table t = table(file);
  std::string version = header_version(inc, file);
  ASSERT_FALSE(version.empty());
  // Rows read from this header carry "<header> <version>" or "<header> cuDNN <version>".
  auto from_this_header = [&](size_t r) {
    std::string src = t.get(r, "header");
    return src.rfind(header, 0) == 0 && src.size() >= version.size() &&
           src.compare(src.size() - version.size(), version.size(), version) == 0;
  };
  size_t ours = 0;
  for (size_t r = 0; r < t.rows.size(); ++r) ours += from_this_header(r);
  if (ours == 0) GTEST_SKIP() << file << " was generated from another version than " << h << " (" << version << ")";
  auto en = parse_enum(slurp(h), type);
  ASSERT_GE(en.size(), 5u) << "enum " << type << " not parsed from " << h;
  std::map<std::string, std::string> rows;
  for (size_t r = 0; r < t.rows.size(); ++r)
    if (from_this_header(r)) rows[t.get(r, "name")] = t.get(r, "code");
  for (const auto& [name, value] : en) {
    if (std::string(type) == "ncclResult_t" && name == "ncclNumResults") continue;  // a count, not a result
    SCOPED_TRACE(name);
    ASSERT_TRUE(rows.count(name)) << "in " << h << " but not in kb/" << file;
    EXPECT_EQ(rows[name], std::to_string(value));
  }
  for (const auto& [name, code] : rows) EXPECT_TRUE(en.count(name)) << name << " is in kb/" << file << " but not in " << h;
}

}  // namespace

TEST(StatusTables, CuresultMatchesCudaH) { walk("status_curesult.tsv", "cuda.h", "CUresult"); }
TEST(StatusTables, CudaErrorMatchesDriverTypesH) { walk("status_cudart.tsv", "driver_types.h", "cudaError"); }
TEST(StatusTables, CudnnStatusMatchesCudnnGraphH) { walk("status_cudnn.tsv", "cudnn_graph.h", "cudnnStatus_t"); }
TEST(StatusTables, CublasStatusMatchesCublasApiH) { walk("status_cublas.tsv", "cublas_api.h", "cublasStatus_t"); }
TEST(StatusTables, NcclResultMatchesNcclH) { walk("status_nccl.tsv", "nccl.h", "ncclResult_t"); }
TEST(StatusTables, NvmlReturnMatchesNvmlH) {
  // The CUDA toolkit ships no nvml.h (it comes with the driver's development package).
  walk("status_nvml.tsv", "nvml.h", "nvmlReturn_t");
}

// The numbers of older releases (old_code), from the headers cited in the tables' sources.
TEST(StatusTables, OldNumberingsOfTheRuntimeAndCudnn) {
  Table rt = table("status_cudart.tsv");
  auto old = [&](const Table& t, const std::string& name) {
    for (size_t r = 0; r < t.rows.size(); ++r)
      if (t.get(r, "name") == name) return t.get(r, "old_code");
    return std::string("(missing)");
  };
  EXPECT_EQ(old(rt, "cudaErrorNoDevice"), "38");
  EXPECT_EQ(old(rt, "cudaErrorUnknown"), "30");
  EXPECT_EQ(old(rt, "cudaErrorInvalidDeviceFunction"), "8");
  EXPECT_EQ(old(rt, "cudaErrorNoKernelImageForDevice"), "48");
  EXPECT_EQ(old(rt, "cudaErrorInsufficientDriver"), "");  // 35 in every release
  Table dnn = table("status_cudnn.tsv");
  EXPECT_EQ(old(dnn, "CUDNN_STATUS_NOT_INITIALIZED"), "1");
  EXPECT_EQ(old(dnn, "CUDNN_STATUS_ARCH_MISMATCH"), "6");
  EXPECT_EQ(old(dnn, "CUDNN_STATUS_VERSION_MISMATCH"), "14");
  // Every table holds every row's number somewhere, and every explain code is an X8xx.
  for (const char* f : {"status_curesult.tsv", "status_cudart.tsv", "status_nvml.tsv", "status_cudnn.tsv",
                        "status_cublas.tsv", "status_nccl.tsv"}) {
    Table t = table(f);
    ASSERT_FALSE(t.rows.empty()) << f;
    for (size_t r = 0; r < t.rows.size(); ++r) {
      SCOPED_TRACE(std::string(f) + " " + t.get(r, "name"));
      EXPECT_FALSE(t.get(r, "code").empty() && t.get(r, "old_code").empty());
      std::string x = t.get(r, "explain");
      EXPECT_TRUE(x.empty() || RE2::FullMatch(x, R"(X8\d\d)")) << x;
    }
  }
}
