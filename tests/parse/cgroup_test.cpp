#include "parse/cgroup.hpp"

#include <gtest/gtest.h>

namespace gpudoctor::parse {
namespace {

CgroupHint hint(std::string_view text) {
  auto e = parse_proc_cgroup(text);
  EXPECT_TRUE(e) << e.error;
  return e ? cgroup_container_hint(*e) : CgroupHint{};
}

TEST(Cgroup, ParsesV1AndV2Lines) {
  auto e = parse_proc_cgroup("12:memory:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n");
  ASSERT_TRUE(e);
  ASSERT_EQ(e->size(), 3u);
  EXPECT_EQ((*e)[0].hierarchy, "12");
  EXPECT_EQ((*e)[0].controllers, "memory");
  EXPECT_EQ((*e)[1].controllers, "name=systemd");
  EXPECT_EQ((*e)[2].controllers, "");
  EXPECT_EQ((*e)[2].path, "/");
}

TEST(Cgroup, PathMayHoldColons) {
  auto e = parse_proc_cgroup("0::/system.slice/a:b.scope\n");
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)[0].path, "/system.slice/a:b.scope");
}

TEST(Cgroup, DockerV1) {
  auto h = hint("12:cpuset:/docker/0123456789ab\n11:memory:/docker/0123456789ab\n");
  EXPECT_EQ(h.manager, "docker");
  EXPECT_FALSE(h.kubepods);
  EXPECT_EQ(h.line, "12:cpuset:/docker/0123456789ab");
}

TEST(Cgroup, KubepodsWithRuntime) {
  auto h = hint("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/"
                "cri-containerd-abc.scope\n");
  EXPECT_TRUE(h.kubepods);
  EXPECT_EQ(h.manager, "containerd");
  auto plain = hint("4:memory:/kubepods/burstable/pod1234/5678\n");
  EXPECT_TRUE(plain.kubepods);
  EXPECT_EQ(plain.manager, "");
  EXPECT_EQ(hint("0::/kubepods.slice/x/crio-abc.scope\n").manager, "cri-o");
}

TEST(Cgroup, LxcAndHost) {
  EXPECT_EQ(hint("0::/lxc.payload.web\n").manager, "lxc");
  EXPECT_EQ(hint("5:cpu:/lxc/web\n").manager, "lxc");
  auto host = hint("0::/init.scope\n");
  EXPECT_EQ(host.manager, "");
  EXPECT_FALSE(host.kubepods);
  EXPECT_EQ(host.line, "");
}

TEST(Cgroup, GarbageFails) {
  EXPECT_FALSE(parse_proc_cgroup(""));
  EXPECT_FALSE(parse_proc_cgroup("no colons here\n"));
  EXPECT_FALSE(parse_proc_cgroup("1:cpu:relative\n"));
}

}  // namespace
}  // namespace gpudoctor::parse
