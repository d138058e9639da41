#include "parse/rtld_system_dirs.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace gpudoctor::parse {
namespace {

std::string nul_joined(std::initializer_list<const char*> parts) {
  std::string out;
  for (const char* p : parts) {
    out += p;
    out += '\0';
  }
  return out;
}

TEST(RtldSystemDirs, FindsDebianMultiarchTable) {
  std::string bytes = std::string("\x7f" "ELF junk") + '\0' +
                      nul_joined({"/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/", "/lib/", "/usr/lib/"}) +
                      "more";
  auto dirs = extract_rtld_system_dirs(bytes);
  ASSERT_EQ(dirs.size(), 4u);
  EXPECT_EQ(dirs[0], "/lib/x86_64-linux-gnu");
  EXPECT_EQ(dirs[3], "/usr/lib");
}

TEST(RtldSystemDirs, PrefersTheLongestRunOverASharedTail) {
  // The linker may keep a copy of the table's tail elsewhere in .rodata.
  std::string bytes = std::string(1, '\0') + nul_joined({"/lib64/", "/usr/lib64/"}) + "x" + '\0' +
                      nul_joined({"/opt/lib/", "/lib64/", "/usr/lib64/"});
  auto dirs = extract_rtld_system_dirs(bytes);
  ASSERT_EQ(dirs.size(), 3u);
  EXPECT_EQ(dirs[0], "/opt/lib");
}

TEST(RtldSystemDirs, IgnoresSingleEntriesAndNonDirectoryStrings) {
  std::string bytes = std::string(1, '\0') + nul_joined({"/etc/ld.so.cache", "/lib/"}) + "x" + '\0' +
                      nul_joined({"/proc/self/", "/dev/"}) + nul_joined({"/lib/x//", "/usr/lib/"});
  EXPECT_TRUE(extract_rtld_system_dirs(bytes).empty());
  EXPECT_TRUE(extract_rtld_system_dirs("").empty());
  EXPECT_TRUE(extract_rtld_system_dirs(std::string(100, '\0')).empty());
}

TEST(RtldSystemDirs, RunMustStartAfterNul) {
  std::string bytes = std::string("abc") + nul_joined({"/lib/", "/usr/lib/"});
  // "abc/lib/" is not an absolute directory; the run then starts at "/usr/lib/" alone.
  EXPECT_TRUE(extract_rtld_system_dirs(bytes).empty());
}

TEST(RtldSystemDirs, ThisMachinesLoaderMatchesLdSoHelp) {
  // Debian 12 x86_64: `ld.so --help` lists /lib/x86_64-linux-gnu,
  // /usr/lib/x86_64-linux-gnu, /lib, /usr/lib as the system search path.
  std::ifstream in("/lib64/ld-linux-x86-64.so.2", std::ios::binary);
  if (!in) GTEST_SKIP() << "no x86_64 glibc loader here";
  std::stringstream ss;
  ss << in.rdbuf();
  auto dirs = extract_rtld_system_dirs(ss.str());
  ASSERT_GE(dirs.size(), 2u);
  std::ifstream debian("/etc/debian_version");
  if (debian) {
    std::vector<std::string> want{"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib"};
    EXPECT_EQ(dirs, want);
  }
}

}  // namespace
}  // namespace gpudoctor::parse
