#include "probe/root_fs.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace gpudoctor::probe {
namespace {

namespace fs = std::filesystem;

// A fixture root built on disk: /usr/local/cuda is an *absolute* link, as on real machines.
class RootFsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gd_rootfs_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "usr/local/cuda-12.2/bin");
    std::ofstream(dir_ / "usr/local/cuda-12.2/version.json") << "{}";
    fs::create_symlink("/usr/local/cuda-12.2", dir_ / "usr/local/cuda");
    fs::create_symlink("/loop/b", dir_ / "a");
    fs::create_directories(dir_ / "loop");
    fs::create_symlink("/a", dir_ / "loop/b");
    // Points at a path that exists on every host but not in the root.
    fs::create_symlink("/etc", dir_ / "host_etc");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(RootFsTest, AbsoluteLinksAreFollowedInsideTheRoot) {
  RootFs root(dir_.string());
  EXPECT_TRUE(root.exists("/usr/local/cuda/version.json"));
  EXPECT_TRUE(root.is_dir("/usr/local/cuda/bin"));
  EXPECT_TRUE(root.is_file("/usr/local/cuda/version.json"));
  auto text = root.read("/usr/local/cuda/version.json");
  ASSERT_TRUE(text) << text.error;
  EXPECT_EQ(*text, "{}");
  auto names = root.list_dir("/usr/local/cuda");
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, (std::vector<std::string>{"bin", "version.json"}));
  auto real = root.resolve("/usr/local/cuda/bin");
  ASSERT_TRUE(real);
  EXPECT_EQ(*real, "/usr/local/cuda-12.2/bin");
}

TEST_F(RootFsTest, LinksNeverEscapeToTheHost) {
  RootFs root(dir_.string());
  EXPECT_FALSE(root.exists("/host_etc/passwd"));
  EXPECT_FALSE(root.read("/host_etc/passwd"));
  EXPECT_FALSE(root.is_dir("/host_etc"));
  // The link itself is there and says where it points.
  EXPECT_TRUE(root.exists("/host_etc"));
  auto target = root.read_link("/host_etc");
  ASSERT_TRUE(target);
  EXPECT_EQ(*target, "/etc");
}

TEST_F(RootFsTest, LinkLoopsFailWithAClearError) {
  RootFs root(dir_.string());
  auto r = root.read("/a/x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, "too many levels of symbolic links");
  EXPECT_FALSE(root.is_file("/a"));
}

TEST(RootFsHost, RealRootUsesTheHostPaths) {
  RootFs root("");
  EXPECT_TRUE(root.is_dir("/proc/self"));
  EXPECT_FALSE(root.exists("/no/such/path/here"));
}

}  // namespace
}  // namespace gpudoctor::probe
