#include "parse/proc_mounts.hpp"

#include <gtest/gtest.h>

using namespace gpudoctor::parse;

// Lines as a Docker container's /proc/self/mounts has them.
constexpr const char* kDocker =
    "overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/A:/var/lib/docker/overlay2/l/B 0 0\n"
    "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
    "shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k,inode64 0 0\n"
    "/dev/sda1 /mnt/my\\040data ext4 rw,relatime 0 0\n";

TEST(ProcMounts, FindsTheShmMountAndItsSize) {
  auto m = find_mount(kDocker, "/dev/shm");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->fs_type, "tmpfs");
  EXPECT_EQ(m->source, "shm");
  EXPECT_TRUE(m->has_option("rw"));
  EXPECT_FALSE(m->has_option("ro"));
  EXPECT_EQ(m->option_value("size"), "65536k");
  EXPECT_EQ(parse_tmpfs_size(m->option_value("size")), 64LL << 20);
  EXPECT_EQ(m->option_value("siz"), "");  // a key is matched whole
}

TEST(ProcMounts, LaterMountWinsAndEscapesAreDecoded) {
  std::string text = std::string(kDocker) + "tmpfs /dev/shm tmpfs ro,size=2g 0 0\n";
  auto m = find_mount(text, "/dev/shm");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->has_option("ro"));
  EXPECT_EQ(parse_tmpfs_size(m->option_value("size")), 2LL << 30);
  auto space = find_mount(kDocker, "/mnt/my data");
  ASSERT_TRUE(space);
  EXPECT_EQ(space->fs_type, "ext4");
  EXPECT_FALSE(find_mount(kDocker, "/dev/shm2"));
  EXPECT_FALSE(find_mount("garbage\n\n  \nshort line\n", "/dev/shm"));
}

TEST(ProcMounts, TmpfsSizes) {
  EXPECT_EQ(parse_tmpfs_size("1048576"), 1048576);
  EXPECT_EQ(parse_tmpfs_size("512m"), 512LL << 20);
  EXPECT_EQ(parse_tmpfs_size("1G"), 1LL << 30);
  EXPECT_EQ(parse_tmpfs_size("50%"), std::nullopt);  // a share of RAM: not a size here
  EXPECT_EQ(parse_tmpfs_size(""), std::nullopt);
  EXPECT_EQ(parse_tmpfs_size("k"), std::nullopt);
  EXPECT_EQ(parse_tmpfs_size("99999999999999999999g"), std::nullopt);
  EXPECT_EQ(parse_tmpfs_size("9223372036854775807g"), std::nullopt);  // would overflow
}
