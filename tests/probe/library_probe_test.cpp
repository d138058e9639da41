#include <gtest/gtest.h>

#include <algorithm>

#include "probe/library_scenario.hpp"
#include "probe/probes.hpp"

namespace gpudoctor::probe {
namespace {

struct Probed {
  facts::LoaderFacts loader;
  std::vector<facts::LibraryFacts> libs;
  std::vector<facts::ProbeProblem> problems;

  const facts::LibraryFacts& lib(std::string_view id) const {
    for (const auto& l : libs)
      if (l.id == id) return l;
    static facts::LibraryFacts none;
    ADD_FAILURE() << "no library " << id;
    return none;
  }
};

Probed run(const testing::Scenario& s) {
  auto ctx = s.context();
  Probed p;
  probe_loader(ctx, p.loader);
  probe_libraries(ctx, p.loader, p.libs);
  p.problems = ctx.problems;
  return p;
}

const facts::LibraryCandidate* find(const facts::LibraryFacts& l, std::string_view path) {
  for (const auto& c : l.candidates)
    if (c.path == path) return &c;
  return nullptr;
}

const facts::LibraryCandidate* selected(const facts::LibraryFacts& l) {
  return l.selected < 0 ? nullptr : &l.candidates[static_cast<size_t>(l.selected)];
}

const facts::LibraryResolution* resolution(const facts::LibraryFacts& l, std::string_view name) {
  for (const auto& r : l.resolutions)
    if (r.name == name) return &r;
  return nullptr;
}

std::string dump(const facts::LibraryFacts& l) { return nlohmann::json(l).dump(1); }

TEST(LibraryProbe, LoaderFactsFromFixtureRoot) {
  GD_LOAD_SCENARIO(s, "stubs_on_ld_library_path");
  auto p = run(*s);
  EXPECT_EQ(p.loader.arch, "x86_64");
  EXPECT_EQ(p.loader.ld_library_path, std::vector<std::string>{"/usr/local/cuda/lib64/stubs"});
  EXPECT_EQ(p.loader.cache_format, "glibc-ld.so.cache1.1");
  EXPECT_EQ(p.loader.cache_entries, 2);
  EXPECT_EQ(p.loader.cache_dirs, std::vector<std::string>{"/usr/lib/x86_64-linux-gnu"});
  EXPECT_EQ(p.loader.default_dirs,
            (std::vector<std::string>{"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib"}));
  EXPECT_EQ(p.loader.default_dirs_source, "ld.so /lib64/ld-linux-x86-64.so.2");
  EXPECT_TRUE(p.problems.empty());
}

TEST(LibraryProbe, StubDirOnLdLibraryPathDoesNotAnswerLibcudaSo1) {
  GD_LOAD_SCENARIO(s, "stubs_on_ld_library_path");
  auto p = run(*s);
  const auto& cuda = p.lib("libcuda");
  EXPECT_EQ(cuda.sonames_wanted, std::vector<std::string>{"libcuda.so.1"});
  const auto* win = selected(cuda);
  ASSERT_NE(win, nullptr) << dump(cuda);
  EXPECT_EQ(win->path, "/usr/lib/x86_64-linux-gnu/libcuda.so.1");
  EXPECT_EQ(win->real_path, "/usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05");
  EXPECT_EQ(win->found_via, "ld.so.cache");
  EXPECT_EQ(win->version, "535.104.05");
  EXPECT_EQ(win->version_source, "file name");
  EXPECT_EQ(win->soname, "libcuda.so.1");
  EXPECT_EQ(win->elf_class, "ELF64");
  EXPECT_EQ(win->elf_machine, "x86_64");
  EXPECT_EQ(win->loader_status, "loadable");
  EXPECT_FALSE(win->is_stub);
  EXPECT_TRUE(win->on_loader_path);

  // The stub is still found, through LD_LIBRARY_PATH, answering only "libcuda.so".
  const auto* stub = find(cuda, "/usr/local/cuda/lib64/stubs/libcuda.so");
  ASSERT_NE(stub, nullptr) << dump(cuda);
  EXPECT_TRUE(stub->is_stub);
  EXPECT_EQ(stub->stub_reason, "under a stubs/ directory");
  EXPECT_EQ(stub->found_via, "LD_LIBRARY_PATH");
  EXPECT_FALSE(stub->on_loader_path);
  EXPECT_EQ(stub->real_path, "/usr/local/cuda-12.2/targets/x86_64-linux/lib/stubs/libcuda.so");
  const auto* bare = resolution(cuda, "libcuda.so");
  ASSERT_NE(bare, nullptr);
  ASSERT_GE(bare->selected, 0);
  EXPECT_EQ(cuda.candidates[static_cast<size_t>(bare->selected)].path, stub->path);
  const auto* so1 = resolution(cuda, "libcuda.so.1");
  ASSERT_NE(so1, nullptr);
  ASSERT_FALSE(so1->searched.empty());
  EXPECT_EQ(so1->searched.front(), "LD_LIBRARY_PATH /usr/local/cuda/lib64/stubs/libcuda.so.1");

  const auto& nvml = p.lib("nvml");
  ASSERT_NE(selected(nvml), nullptr);
  EXPECT_EQ(selected(nvml)->version, "535.104.05");
}

TEST(LibraryProbe, StubWinsWhenItHasALibcudaSo1Link) {
  GD_LOAD_SCENARIO(s, "stub_soname_link");
  auto p = run(*s);
  const auto& cuda = p.lib("libcuda");
  const auto* win = selected(cuda);
  ASSERT_NE(win, nullptr) << dump(cuda);
  EXPECT_EQ(win->path, "/usr/local/cuda-12.2/lib64/stubs/libcuda.so.1");
  EXPECT_TRUE(win->is_stub);
  EXPECT_EQ(win->found_via, "LD_LIBRARY_PATH");
  EXPECT_TRUE(win->on_loader_path);
  // The driver is shadowed but still on the loader path.
  const auto* driver = find(cuda, "/usr/lib/x86_64-linux-gnu/libcuda.so.1");
  ASSERT_NE(driver, nullptr);
  EXPECT_FALSE(driver->is_stub);
  EXPECT_TRUE(driver->on_loader_path);
  // The bare libcuda.so and its libcuda.so.1 link are one file: listed once.
  EXPECT_EQ(std::count_if(cuda.candidates.begin(), cuda.candidates.end(),
                          [](const auto& c) { return c.real_path == "/usr/local/cuda-12.2/lib64/stubs/libcuda.so"; }),
            2)
      << "libcuda.so.1 (for the SONAME) and libcuda.so (for the bare name) are separate loader answers";
}

TEST(LibraryProbe, TwoCudartMajors) {
  GD_LOAD_SCENARIO(s, "two_cudart");
  auto p = run(*s);
  const auto& rt = p.lib("cudart");
  EXPECT_EQ(rt.majors_found, (std::vector<std::string>{"12", "11"}));
  const auto* win = selected(rt);
  ASSERT_NE(win, nullptr) << dump(rt);
  EXPECT_EQ(win->soname, "libcudart.so.12");
  EXPECT_EQ(win->found_via, "ld.so.cache");
  EXPECT_EQ(win->version, "12.2.140");
  const auto* v11 = resolution(rt, "libcudart.so.11.0");
  ASSERT_NE(v11, nullptr);
  ASSERT_GE(v11->selected, 0);
  const auto& c11 = rt.candidates[static_cast<size_t>(v11->selected)];
  EXPECT_EQ(c11.path, "/opt/cuda-11.8/lib64/libcudart.so.11.0");
  EXPECT_EQ(c11.found_via, "LD_LIBRARY_PATH");
  EXPECT_EQ(c11.version, "11.8.89");
  EXPECT_EQ(c11.version_source, "file name");
  const auto* none = resolution(rt, "libcudart.so.13");
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->selected, -1);
  EXPECT_EQ(none->error, "libcudart.so.13: cannot open shared object file: no such file or directory");

  // cuBLAS has no version in its file name: the toolkit's version.json says it.
  const auto& blas = p.lib("cublas");
  ASSERT_NE(selected(blas), nullptr) << dump(blas);
  EXPECT_EQ(selected(blas)->version, "12.2.5.6");
  EXPECT_EQ(selected(blas)->version_source, "version.json");
  const auto* b11 = find(blas, "/opt/cuda-11.8/lib64/libcublas.so.11");
  ASSERT_NE(b11, nullptr) << dump(blas);
  EXPECT_EQ(b11->version, "11.11.3.6");
  EXPECT_TRUE(b11->on_loader_path);
}

TEST(LibraryProbe, CondaEnvironment) {
  GD_LOAD_SCENARIO(s, "conda_env");
  auto p = run(*s);
  const auto& dnn = p.lib("cudnn");
  const auto* c = find(dnn, "/home/u/miniconda3/envs/tf/lib/libcudnn.so.8");
  ASSERT_NE(c, nullptr) << dump(dnn);
  EXPECT_EQ(c->found_via, "conda");
  EXPECT_FALSE(c->on_loader_path);
  EXPECT_EQ(c->version, "8.9.2");
  EXPECT_EQ(c->version_source, "cudnn_version.h");
  EXPECT_EQ(dnn.selected, -1);

  const auto& rt = p.lib("cudart");
  const auto* env11 = find(rt, "/home/u/miniconda3/envs/tf/lib/libcudart.so.11.0");
  ASSERT_NE(env11, nullptr) << dump(rt);
  EXPECT_EQ(env11->found_via, "conda");
  const auto* base12 = find(rt, "/home/u/miniconda3/lib/libcudart.so.12");
  ASSERT_NE(base12, nullptr) << dump(rt);
  EXPECT_EQ(base12->version, "12");
  EXPECT_EQ(base12->version_source, "SONAME major");
  EXPECT_EQ(rt.majors_found, (std::vector<std::string>{"12", "11"}));
}

TEST(LibraryProbe, WslNativeDriverShadowsTheWslOne) {
  GD_LOAD_SCENARIO(s, "wsl");
  auto p = run(*s);
  const auto& cuda = p.lib("libcuda");
  const auto* win = selected(cuda);
  ASSERT_NE(win, nullptr) << dump(cuda);
  EXPECT_EQ(win->path, "/usr/lib/x86_64-linux-gnu/libcuda.so.1");
  EXPECT_EQ(win->version, "535.54.03");
  const auto* wsl = find(cuda, "/usr/lib/wsl/lib/libcuda.so.1");
  ASSERT_NE(wsl, nullptr) << dump(cuda);
  EXPECT_FALSE(wsl->is_stub) << wsl->stub_reason;
  EXPECT_EQ(wsl->version, "");  // libcuda.so.1.1 is no driver version, and neither is its SONAME's "1"
  EXPECT_EQ(wsl->version_source, "");
  const auto* store = find(cuda, "/usr/lib/wsl/drivers/nv_dispi.inf_amd64_0123/libcuda.so.1.1");
  ASSERT_NE(store, nullptr) << dump(cuda);
  EXPECT_EQ(store->found_via, "wsl");
  EXPECT_FALSE(store->on_loader_path);
  // dlopen("libcuda.so") still gets the WSL copy through the cache.
  const auto* bare = resolution(cuda, "libcuda.so");
  ASSERT_NE(bare, nullptr);
  ASSERT_GE(bare->selected, 0);
  EXPECT_EQ(cuda.candidates[static_cast<size_t>(bare->selected)].path, "/usr/lib/wsl/lib/libcuda.so");
  ASSERT_NE(selected(p.lib("nvml")), nullptr);
  EXPECT_EQ(selected(p.lib("nvml"))->path, "/usr/lib/wsl/lib/libnvidia-ml.so.1");
}

// A libcuda.so.1 that is a regular file (a copy that lost its versioned name) is never
// "driver 1": its version comes from a versioned file with the same bytes, else it is unknown.
TEST(LibraryProbe, UnversionedRegularLibcudaIsNeverDriverOne) {
  if (!testing::SoBuilder::instance().available()) GTEST_SKIP() << "no cc";
  testing::Scenario s;
  for (const char* line : {"ldso /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib /usr/lib",
                           "so /usr/lib/x86_64-linux-gnu/libcuda.so.1 libcuda.so.1 sym=cuInit sym=cudbgGetAPI",
                           "so /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1 libnvidia-ml.so.1 sym=nvmlInit_v2",
                           "cache libcuda.so.1 /usr/lib/x86_64-linux-gnu/libcuda.so.1",
                           "cache libnvidia-ml.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1"})
    ASSERT_EQ(testing::apply_manifest_line(s, line), "");
  testing::write_file(s.host("/etc/ld.so.cache"), testing::build_ld_so_cache(s.cache));
  auto p = run(s);
  const auto* c = selected(p.lib("libcuda"));
  ASSERT_NE(c, nullptr) << dump(p.lib("libcuda"));
  EXPECT_FALSE(c->is_stub) << c->stub_reason;
  EXPECT_EQ(c->version, "");
  EXPECT_EQ(c->version_source, "");
  ASSERT_NE(selected(p.lib("nvml")), nullptr);
  EXPECT_EQ(selected(p.lib("nvml"))->version, "");

  // The versioned original beside it, same bytes: that is its version. Another file of
  // another version with other bytes says nothing.
  std::string bytes = testing::read_file(s.host("/usr/lib/x86_64-linux-gnu/libcuda.so.1"));
  std::string other = bytes;
  other[other.size() - 1] ^= 0x5a;
  testing::write_file(s.host("/usr/lib/x86_64-linux-gnu/libcuda.so.535.54.03"), other);
  p = run(s);
  EXPECT_EQ(selected(p.lib("libcuda"))->version, "");
  testing::write_file(s.host("/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.15"), bytes);
  p = run(s);
  c = selected(p.lib("libcuda"));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->version, "550.54.15");
  EXPECT_EQ(c->version_source, "same bytes as libcuda.so.550.54.15");
}

TEST(LibraryProbe, MalformedAndForeignFilesEarlierOnThePath) {
  GD_LOAD_SCENARIO(s, "malformed");
  auto p = run(*s);
  // Garbage under the SONAME: ld.so stops there, the good cached copy is never tried.
  const auto& rt = p.lib("cudart");
  EXPECT_EQ(rt.selected, -1) << dump(rt);
  const auto* bad = find(rt, "/opt/bad/lib/libcudart.so.12");
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->loader_status, "invalid ELF header");
  EXPECT_FALSE(bad->error.empty());
  EXPECT_TRUE(bad->on_loader_path);
  const auto* r12 = resolution(rt, "libcudart.so.12");
  ASSERT_NE(r12, nullptr);
  EXPECT_EQ(r12->error, "/opt/bad/lib/libcudart.so.12: invalid ELF header");
  const auto* good = find(rt, "/usr/lib/x86_64-linux-gnu/libcudart.so.12");
  ASSERT_NE(good, nullptr);
  EXPECT_EQ(good->version, "12.4.127");

  const auto& rtc = p.lib("nvrtc");
  EXPECT_EQ(rtc.selected, -1);
  ASSERT_NE(find(rtc, "/opt/short/lib/libnvrtc.so.12"), nullptr);
  EXPECT_EQ(find(rtc, "/opt/short/lib/libnvrtc.so.12")->loader_status, "file too short");

  // The other class and another machine are skipped: the cached copies win.
  const auto& blas = p.lib("cublas");
  ASSERT_NE(selected(blas), nullptr) << dump(blas);
  EXPECT_EQ(selected(blas)->path, "/usr/lib/x86_64-linux-gnu/libcublas.so.12");
  EXPECT_EQ(find(blas, "/opt/lib32/lib/libcublas.so.12")->loader_status, "wrong ELF class: ELFCLASS32");
  EXPECT_EQ(find(blas, "/opt/lib32/lib/libcublas.so.12")->elf_class, "ELF32");
  const auto& fft = p.lib("cufft");
  ASSERT_NE(selected(fft), nullptr) << dump(fft);
  EXPECT_EQ(selected(fft)->path, "/usr/lib/x86_64-linux-gnu/libcufft.so.11");
  EXPECT_EQ(find(fft, "/opt/arm/lib/libcufft.so.11")->elf_machine, "aarch64");

  // A directory under the library name: ld.so cannot read it and gives up.
  const auto& rand = p.lib("curand");
  EXPECT_EQ(rand.selected, -1) << dump(rand);
  EXPECT_EQ(resolution(rand, "libcurand.so.10")->error,
            "/opt/isdir/lib/libcurand.so.10: cannot read file data: is a directory");
}

TEST(LibraryProbe, SymlinkLoopIsRecordedAndEndsLdLibraryPath) {
  GD_LOAD_SCENARIO(s, "symlink_loop");
  auto p = run(*s);
  const auto& rt = p.lib("cudart");
  EXPECT_EQ(rt.selected, -1) << dump(rt);
  const auto* loop = find(rt, "/opt/loop/lib/libcudart.so.12");
  ASSERT_NE(loop, nullptr) << dump(rt);
  EXPECT_EQ(loop->error, "too many levels of symbolic links");
  const auto* good = find(rt, "/opt/good/lib/libcudart.so.12");
  ASSERT_NE(good, nullptr);
  EXPECT_TRUE(good->on_loader_path);  // listed, but ld.so never gets there
  const auto& dnn = p.lib("cudnn");
  ASSERT_NE(selected(dnn), nullptr) << dump(dnn);
  EXPECT_EQ(selected(dnn)->path, "/usr/lib/x86_64-linux-gnu/libcudnn.so.9");
}

TEST(LibraryProbe, TruncatedFiles) {
  GD_LOAD_SCENARIO(s, "truncated");
  auto p = run(*s);
  const auto& nccl = p.lib("nccl");
  EXPECT_EQ(nccl.selected, -1) << dump(nccl);
  const auto* t40 = find(nccl, "/opt/t40/lib/libnccl.so.2");
  ASSERT_NE(t40, nullptr);
  EXPECT_EQ(t40->loader_status, "file too short");
  EXPECT_FALSE(t40->error.empty());
  const auto* whole = find(nccl, "/usr/lib/x86_64-linux-gnu/libnccl.so.2");
  ASSERT_NE(whole, nullptr);
  EXPECT_EQ(whole->version, "2.18.3");
  EXPECT_EQ(whole->version_source, "ELF .rodata");

  // The header survives at 1000 bytes: ld.so picks the file and fails later.
  const auto& sparse = p.lib("cusparse");
  const auto* win = selected(sparse);
  ASSERT_NE(win, nullptr) << dump(sparse);
  EXPECT_EQ(win->path, "/opt/t1000/lib/libcusparse.so.12");
  EXPECT_EQ(win->loader_status, "loadable");
  EXPECT_FALSE(win->error.empty());
}

TEST(LibraryProbe, VersionsFromWheelMetadata) {
  GD_LOAD_SCENARIO(s, "wheels");
  auto p = run(*s);
  const auto& dnn = p.lib("cudnn");
  ASSERT_NE(selected(dnn), nullptr) << dump(dnn);
  // The cuDNN 8 header next to it is of another major and is ignored.
  EXPECT_EQ(selected(dnn)->version, "9.19.0.56");
  EXPECT_EQ(selected(dnn)->version_source, "dist-info nvidia_cudnn_cu13-9.19.0.56.dist-info");
  // RECORD lists libnccl.so.2 with another size: not this file.
  const auto& nccl = p.lib("nccl");
  ASSERT_NE(selected(nccl), nullptr);
  EXPECT_EQ(selected(nccl)->version, "2");
  EXPECT_EQ(selected(nccl)->version_source, "SONAME major");
  const auto& blas = p.lib("cublas");
  ASSERT_NE(selected(blas), nullptr) << dump(blas);
  EXPECT_EQ(selected(blas)->found_via, "LD_LIBRARY_PATH");
  EXPECT_EQ(selected(blas)->version, "12.1.3.1");
}

TEST(LibraryProbe, EveryLibraryIsReportedEvenWhenAbsent) {
  GD_LOAD_SCENARIO(s, "stubs_on_ld_library_path");
  auto p = run(*s);
  std::vector<std::string> ids;
  for (const auto& l : p.libs) ids.push_back(l.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"libcuda", "nvml", "cudart", "cublas", "cublasLt", "cufft", "curand",
                                           "cusolver", "cusparse", "cudnn", "nccl", "nvrtc", "nvjitlink", "tensorrt"}));
  const auto& trt = p.lib("tensorrt");
  EXPECT_TRUE(trt.candidates.empty());
  EXPECT_EQ(trt.selected, -1);
  EXPECT_EQ(trt.resolutions.size(), 4u);
}

TEST(LibraryProbe, FactsRoundTripThroughJson) {
  GD_LOAD_SCENARIO(s, "malformed");
  auto p = run(*s);
  nlohmann::json j = p.libs;
  auto back = j.get<std::vector<facts::LibraryFacts>>();
  ASSERT_EQ(back.size(), p.libs.size());
  EXPECT_EQ(nlohmann::json(back), j);
  nlohmann::json lj = p.loader;
  EXPECT_EQ(lj.get<facts::LoaderFacts>().default_dirs_source, p.loader.default_dirs_source);
}

}  // namespace
}  // namespace gpudoctor::probe
