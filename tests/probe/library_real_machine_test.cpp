// The machine the tests run on is a fixture too (STYLE.md): Debian 12 with the
// CUDA 13.0 toolkit assembled from NVIDIA's wheels in /usr/local/cuda-13.0
// (its lib directory in /etc/ld.so.conf.d), the toolkit's stub libcuda, and no
// driver. These tests assert what that machine really holds and skip elsewhere.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "probe/probes.hpp"

namespace gpudoctor::probe {
namespace {

constexpr const char* kCudart13 = "/usr/local/cuda-13.0/lib/libcudart.so.13";

bool is_test_machine() {
  std::ifstream cudart(kCudart13);
  std::ifstream stub("/usr/local/cuda/lib64/stubs/libcuda.so");
  return cudart.good() && stub.good();
}

// The file the real loader picks for `soname` with no LD_LIBRARY_PATH: ld.so itself,
// asked to list what a run of /bin/true with that library preloaded would map
// ("soname => path"). Empty when it finds none.
std::string loader_pick(const std::string& soname) {
  std::string cmd = "env -u LD_LIBRARY_PATH /lib64/ld-linux-x86-64.so.2 --list --preload " + soname + " /bin/true 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return "";
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  ::pclose(p);
  std::smatch m;
  std::regex re("\\s" + soname + " => (\\S+)");
  return std::regex_search(out, m, re) ? m[1].str() : std::string();
}

std::string real(const std::string& path) {
  std::error_code ec;
  auto r = std::filesystem::canonical(path, ec);
  return ec ? path : r.string();
}

ProbeContext machine_context(const std::string& ld_library_path) {
  ProbeContext ctx = ProbeContext::live("/");
  ctx.env.erase("LD_LIBRARY_PATH");
  if (!ld_library_path.empty()) ctx.env["LD_LIBRARY_PATH"] = ld_library_path;
  return ctx;
}

std::vector<facts::LibraryFacts> probe(ProbeContext& ctx) {
  facts::LoaderFacts loader;
  probe_loader(ctx, loader);
  std::vector<facts::LibraryFacts> libs;
  probe_libraries(ctx, loader, libs);
  return libs;
}

const facts::LibraryFacts& lib(const std::vector<facts::LibraryFacts>& libs, std::string_view id) {
  for (const auto& l : libs)
    if (l.id == id) return l;
  throw std::runtime_error("missing library " + std::string(id));
}

// The version the test reads itself, without gpudoctor's parsers.
std::string cudnn_header_version() {
  std::ifstream in("/usr/local/cuda/include/cudnn_version.h");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto get = [&](const char* name) {
    std::smatch m;
    std::regex re(std::string("#define ") + name + R"(\s+(\d+))");
    return std::regex_search(text, m, re) ? m[1].str() : std::string();
  };
  return get("CUDNN_MAJOR") + "." + get("CUDNN_MINOR") + "." + get("CUDNN_PATCHLEVEL");
}

TEST(LibraryRealMachine, LoaderSetupOfThisMachine) {
  if (!is_test_machine()) GTEST_SKIP() << "not the CUDA 13 wheel-toolkit test machine";
  ProbeContext ctx = machine_context("");
  facts::LoaderFacts loader;
  probe_loader(ctx, loader);
  EXPECT_EQ(loader.arch, "x86_64");
  EXPECT_EQ(loader.cache_format, "glibc-ld.so.cache1.1");
  EXPECT_GT(loader.cache_entries, 50);
  EXPECT_NE(std::find(loader.cache_dirs.begin(), loader.cache_dirs.end(), "/usr/local/cuda-13.0/lib"),
            loader.cache_dirs.end());
  EXPECT_EQ(loader.default_dirs,
            (std::vector<std::string>{"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib"}));
  EXPECT_EQ(loader.default_dirs_source, "ld.so /lib64/ld-linux-x86-64.so.2");
}

TEST(LibraryRealMachine, Cudart13SelectedThroughTheCache) {
  if (!is_test_machine()) GTEST_SKIP() << "not the CUDA 13 wheel-toolkit test machine";
  ProbeContext ctx = machine_context("");
  auto libs = probe(ctx);
  const auto& rt = lib(libs, "cudart");
  ASSERT_GE(rt.selected, 0);
  const auto& win = rt.candidates[static_cast<size_t>(rt.selected)];
  // The loader's own choice (ld.so.cache may list a link to the toolkit's file first),
  // and that it is the toolkit's cudart 13.
  std::string want = loader_pick("libcudart.so.13");
  ASSERT_FALSE(want.empty()) << "ld.so found no libcudart.so.13";
  EXPECT_EQ(win.path, want);
  EXPECT_EQ(real(win.path), real(kCudart13));
  EXPECT_EQ(win.found_via, "ld.so.cache");
  EXPECT_EQ(win.soname, "libcudart.so.13");
  EXPECT_EQ(win.elf_class, "ELF64");
  EXPECT_TRUE(win.on_loader_path);
  EXPECT_FALSE(win.is_stub);
  // The wheel that installed it: nvidia_cuda_runtime-13.0.96 (dist-info RECORD).
  EXPECT_EQ(win.version, "13.0.96");
  EXPECT_EQ(win.version_source, "dist-info nvidia_cuda_runtime-13.0.96.dist-info");
  ASSERT_FALSE(rt.majors_found.empty());
  EXPECT_EQ(rt.majors_found.front(), "13");
}

TEST(LibraryRealMachine, CudnnVersionMatchesItsHeader) {
  if (!is_test_machine()) GTEST_SKIP() << "not the CUDA 13 wheel-toolkit test machine";
  std::string want = cudnn_header_version();
  ASSERT_EQ(std::count(want.begin(), want.end(), '.'), 2);
  ProbeContext ctx = machine_context("");
  auto libs = probe(ctx);
  const auto& dnn = lib(libs, "cudnn");
  ASSERT_GE(dnn.selected, 0);
  const auto& win = dnn.candidates[static_cast<size_t>(dnn.selected)];
  EXPECT_EQ(win.version, want);
  // cudnn_version_v9.h when the per-major copy is installed, else cudnn_version.h.
  EXPECT_EQ(win.version_source.rfind("cudnn_version", 0), 0u) << win.version_source;
  EXPECT_EQ(win.soname, "libcudnn.so.9");
}

TEST(LibraryRealMachine, NcclVersionFromItsBanner) {
  if (!is_test_machine()) GTEST_SKIP() << "not the CUDA 13 wheel-toolkit test machine";
  ProbeContext ctx = machine_context("");
  auto libs = probe(ctx);
  const auto& nccl = lib(libs, "nccl");
  ASSERT_GE(nccl.selected, 0);
  const auto& win = nccl.candidates[static_cast<size_t>(nccl.selected)];
  EXPECT_EQ(win.version_source, "ELF .rodata");
  EXPECT_EQ(win.version.substr(0, 2), "2.");
}

TEST(LibraryRealMachine, OnlyTheStubLibcudaExists) {
  if (!is_test_machine()) GTEST_SKIP() << "not the CUDA 13 wheel-toolkit test machine";
  ProbeContext ctx = machine_context("");
  auto libs = probe(ctx);
  const auto& cuda = lib(libs, "libcuda");
  EXPECT_EQ(cuda.selected, -1);
  for (const auto& c : cuda.candidates) EXPECT_FALSE(c.on_loader_path && !c.is_stub) << c.path;
  bool stub_found = false;
  for (const auto& c : cuda.candidates) {
    if (c.path.find("/stubs/libcuda.so") == std::string::npos) continue;
    stub_found = true;
    EXPECT_TRUE(c.is_stub) << c.path;
    EXPECT_EQ(c.soname, "libcuda.so.1");
    EXPECT_FALSE(c.on_loader_path);
  }
  EXPECT_TRUE(stub_found);
  ASSERT_FALSE(cuda.resolutions.empty());
  EXPECT_EQ(cuda.resolutions[0].name, "libcuda.so.1");
  EXPECT_EQ(cuda.resolutions[0].error, "libcuda.so.1: cannot open shared object file: no such file or directory");
}

TEST(LibraryRealMachine, StubsDirOnLdLibraryPath) {
  if (!is_test_machine()) GTEST_SKIP() << "not the CUDA 13 wheel-toolkit test machine";
  ProbeContext ctx = machine_context("/usr/local/cuda/lib64/stubs");
  auto libs = probe(ctx);
  const auto& cuda = lib(libs, "libcuda");
  // The stub is only called libcuda.so: dlopen("libcuda.so.1") still finds nothing.
  EXPECT_EQ(cuda.selected, -1);
  const facts::LibraryResolution* bare = nullptr;
  for (const auto& r : cuda.resolutions)
    if (r.name == "libcuda.so") bare = &r;
  ASSERT_NE(bare, nullptr);
  // dlopen("libcuda.so") (numba, LLVM's offload plugin) loads the stub.
  ASSERT_GE(bare->selected, 0);
  const auto& stub = cuda.candidates[static_cast<size_t>(bare->selected)];
  EXPECT_EQ(stub.path, "/usr/local/cuda/lib64/stubs/libcuda.so");
  EXPECT_EQ(stub.found_via, "LD_LIBRARY_PATH");
  EXPECT_TRUE(stub.is_stub);
  EXPECT_EQ(stub.stub_reason, "under a stubs/ directory");
}

}  // namespace
}  // namespace gpudoctor::probe
