// Fires / quiet cases for the L codes.
#include <gtest/gtest.h>

#include "rules/facts_fixture.hpp"

using namespace gdtest;

TEST(LibraryRules, L301FiresWithoutALoadableLibcuda) {
  auto f = healthy();
  f.libraries[0].selected = -1;
  f.libraries[0].candidates[0].on_loader_path = false;
  f.libraries[0].candidates[0].found_via = "/opt/nvidia";
  auto x = find(run(f), "L301");
  ASSERT_NE(x, nullptr);
  ASSERT_FALSE(x->fix.empty());
  EXPECT_NE(x->fix[0].find("ldconfig"), std::string::npos);  // points at the file that exists
  EXPECT_FALSE(fires(healthy(), "L301"));
}

TEST(LibraryRules, L302FiresWhenTheStubIsSelected) {
  auto f = no_gpu_box();
  f.libraries[0].candidates[0].found_via = "LD_LIBRARY_PATH";
  f.libraries[0].candidates[0].on_loader_path = true;
  f.libraries[0].selected = 0;
  f.env.vars["LD_LIBRARY_PATH"] = "/usr/local/cuda-13.0/lib64/stubs";
  auto findings = run(f);
  const auto* x = find(findings, "L302");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::error);
  EXPECT_EQ(find(findings, "L301"), nullptr);  // a libcuda is selected, it is just the stub
}

TEST(LibraryRules, L302IsAWarningWhenTheRealLibcudaStillWins) {
  auto f = healthy();
  gpudoctor::facts::LibraryCandidate stub;
  stub.path = "/usr/local/cuda/lib64/stubs/libcuda.so";
  stub.is_stub = true;
  stub.found_via = "LD_LIBRARY_PATH";
  f.libraries[0].candidates.push_back(stub);
  auto x = find(run(f), "L302");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::warning);
}

// The no-GPU box with the toolkit's stubs/ on LD_LIBRARY_PATH: it holds only libcuda.so,
// which the loader never takes for libcuda.so.1.
static gpudoctor::facts::Facts stubs_dir_on_ld_library_path() {
  auto f = no_gpu_box();
  f.libraries[0].candidates[0].found_via = "LD_LIBRARY_PATH";
  f.libraries[0].candidates[0].on_loader_path = false;  // not for libcuda.so.1
  f.libraries[0].selected = -1;
  gpudoctor::facts::LibraryResolution so1;
  so1.name = "libcuda.so.1";
  so1.error = "libcuda.so.1: cannot open shared object file: no such file or directory";
  gpudoctor::facts::LibraryResolution so;
  so.name = "libcuda.so";
  so.selected = 0;
  f.libraries[0].resolutions = {so1, so};
  f.env.vars["LD_LIBRARY_PATH"] = "/usr/local/cuda-13.0/lib64/stubs";
  return f;
}

TEST(LibraryRules, L302IsAWarningWhenTheStubAnswersOnlyLibcudaSo) {
  auto findings = run(stubs_dir_on_ld_library_path());
  const auto* x = find(findings, "L302");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::warning);
  EXPECT_NE(x->message.find("dlopen(\"libcuda.so\")"), std::string::npos) << x->message;
  EXPECT_TRUE(x->explains.empty());  // it is not why libcuda.so.1 is missing
  const auto* l301 = find(findings, "L301");
  ASSERT_NE(l301, nullptr);  // no driver (and no GPU, H101): that is the error here
  EXPECT_NE(l301->explained_by, "L302");
}

TEST(LibraryRules, L302ErrorWhenLibcudaSo1ResolvesToTheStub) {
  auto f = stubs_dir_on_ld_library_path();
  f.libraries[0].candidates[0].path = "/usr/local/cuda-13.0/lib64/stubs/libcuda.so.1";  // ldconfig made the link
  f.libraries[0].candidates[0].on_loader_path = true;
  f.libraries[0].selected = 0;
  f.libraries[0].resolutions[0].selected = 0;
  auto x = find(run(f), "L302");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::error);
}

TEST(LibraryRules, L302QuietWhenNoNameResolvesToTheStub) {
  auto f = stubs_dir_on_ld_library_path();
  f.libraries[0].resolutions[1].selected = -1;  // libcuda.so found elsewhere first, or not at all
  EXPECT_FALSE(fires(f, "L302"));
}

TEST(LibraryRules, L302QuietWhenTheStubIsOnlyInTheToolkit) {
  EXPECT_FALSE(fires(no_gpu_box(), "L302"));
  EXPECT_FALSE(fires(healthy(), "L302"));
}

TEST(LibraryRules, L303FiresWhenOneSonameHasTwoVersionsOnThePath) {
  auto f = healthy();
  auto other = f.libraries[2].candidates[0];
  other.path = "/usr/local/cuda-12.1/lib64/libcudart.so.12";
  other.real_path = "/usr/local/cuda-12.1/lib64/libcudart.so.12.1.105";
  other.version = "12.1.105";
  other.found_via = "LD_LIBRARY_PATH";
  f.libraries[2].candidates.insert(f.libraries[2].candidates.begin(), other);  // selected stays 0 = the 12.1 one
  auto x = find(run(f), "L303");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("12.1.105"), std::string::npos);
  EXPECT_NE(x->message.find("12.4.127"), std::string::npos);
  EXPECT_FALSE(fires(healthy(), "L303"));
}

TEST(LibraryRules, L304FiresWhenDriverIsBelowTheMajorFloor) {
  auto f = healthy();
  f.driver.version = "470.256.02";
  for (auto& l : f.libraries)
    if (l.id != "cudart") l.candidates[0].version = "470.256.02";
  auto x = find(run(f), "L304");
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("525.60.13"), std::string::npos) << x->message;
  EXPECT_FALSE(fires(healthy(), "L304"));
}

TEST(LibraryRules, L304UsesTheToolkitWhenItIsNewerThanTheRuntime) {
  auto f = healthy();
  f.toolkit.roots[0].version = "13.0.88";
  EXPECT_TRUE(fires(f, "L304"));  // 550 < 580
}
