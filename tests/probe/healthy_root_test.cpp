// A fully healthy fixture root, end to end: what the probes read from it matches the
// hand-written healthy baseline (tests/fixtures/facts/healthy_h100.json), the rules find
// nothing wrong, and `gpudoctor --root <it> --no-live` exits 0.
#include <gtest/gtest.h>

#include <fstream>

#include "../cli/cli_test_util.hpp"
#include "helpers/healthy_root.hpp"
#include "probe/collect.hpp"
#include "rules/facts_fixture.hpp"

namespace {

using nlohmann::json;

json probed(const std::string& root) {
  gpudoctor::probe::ProbeContext ctx;
  ctx.fs = gpudoctor::probe::RootFs(root);
  ctx.creds = gpudoctor::probe::Credentials{1000, {1000}};  // the baseline's user, alice
  ctx.allow_exec = false;
  return json(gpudoctor::probe::collect(ctx, gdtest::test_kb()));
}

const json* library(const json& facts, const std::string& id) {
  for (const auto& l : facts["libraries"])
    if (l["id"] == id) return &l;
  return nullptr;
}

// The fields that describe the machine and its health. Left out on purpose: the GPU's
// UUID, the kernel release (and the module path and NVRM build date that follow from it)
// and the count of PCI devices scanned: the two were written for different boards.
TEST(HealthyRoot, ProbesMatchTheHandWrittenBaseline) {
  gdtest::HealthyRoot root;
  if (!root.ok()) GTEST_SKIP() << root.why_not();
  json got = probed(root.root());
  json want = json(gdtest::healthy());
  for (const char* p : {"/host/os_id", "/host/os_version_id", "/host/os_pretty_name", "/host/arch", "/host/container",
                        "/host/is_wsl", "/pci/sysfs_readable", "/loader/cache_format", "/driver/version", "/driver/open_kernel_module",
                        "/driver/sys_module_version", "/driver/nvidia_loaded", "/driver/nvidia_uvm_loaded",
                        "/driver/nvidia_drm_loaded", "/driver/nvidia_modeset_loaded", "/driver/module_installed",
                        "/driver/uvm_major", "/driver/gpus/0/bdf", "/driver/gpus/0/model", "/driver/gpus/0/bus_type",
                        "/driver/gpus/0/device_minor"})
    EXPECT_EQ(got.at(json::json_pointer(p)), want.at(json::json_pointer(p))) << p;
  ASSERT_EQ(got["pci"]["gpus"].size(), want["pci"]["gpus"].size());
  for (const char* k : {"bdf", "vendor_id", "device_id", "class_code", "driver", "current_link_gen",
                        "current_link_width", "max_link_gen", "max_link_width", "numa_node", "name", "chip",
                        "architecture", "compute_capability"})
    EXPECT_EQ(got["pci"]["gpus"][0][k], want["pci"]["gpus"][0][k]) << k;
  // The device nodes CUDA opens: real character devices with the driver's numbers.
  for (const auto& w : want["driver"]["device_nodes"]) {
    const json* g = nullptr;
    for (const auto& n : got["driver"]["device_nodes"])
      if (n["path"] == w["path"]) g = &n;
    ASSERT_NE(g, nullptr) << w["path"];
    for (const char* k : {"exists", "is_char_device", "type", "major", "minor", "mode", "can_read", "can_write"})
      EXPECT_EQ((*g)[k], w[k]) << w["path"] << " " << k;
  }
  // The driver's user-space libraries, at the kernel module's version.
  for (const char* id : {"libcuda", "nvml"}) {
    const json* g = library(got, id);
    const json* w = library(want, id);
    ASSERT_TRUE(g && w) << id;
    ASSERT_GE((*g)["selected"].get<int>(), 0) << id << " " << g->dump();
    const auto& gc = (*g)["candidates"][(*g)["selected"].get<size_t>()];
    const auto& wc = (*w)["candidates"][(*w)["selected"].get<size_t>()];
    for (const char* k : {"path", "real_path", "soname", "version", "version_source", "found_via", "is_stub",
                          "on_loader_path", "elf_class"})
      EXPECT_EQ(gc[k], wc[k]) << id << " " << k;
  }
  EXPECT_TRUE(got["problems"].empty()) << got["problems"].dump();
}

TEST(HealthyRoot, NothingIsWrongAndTheCliExitsZero) {
  gdtest::HealthyRoot root;
  if (!root.ok()) GTEST_SKIP() << root.why_not();
  auto facts = probed(root.root()).get<gpudoctor::facts::Facts>();
  auto findings = gdtest::run(facts);
  for (const auto& x : findings)
    EXPECT_EQ(x.severity, gpudoctor::findings::Severity::info) << x.code << " " << x.message;
  // The CLI, with an environment that names nothing GPU-related.
  auto r = gdtest::run_gpudoctor("--root " + root.root() + " --no-live --json",
                                 "-i PATH=/usr/bin:/bin HOME=/nonexistent");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  auto j = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  for (const auto& x : j["findings"]) EXPECT_EQ(x["severity"], "info") << x.dump();
}

// The same root with a directory at /dev/nvidia0 (docker -v of a missing host node) or a
// regular file at /dev/nvidiactl: the probe records the type, K211 fires, exit 1.
TEST(HealthyRoot, ADirectoryOrFileInPlaceOfANodeIsAFinding) {
  for (const char* name : {"/dev/nvidia0", "/dev/nvidiactl"}) {
    const std::string node = name;
    gdtest::HealthyRoot root;
    if (!root.ok()) GTEST_SKIP() << root.why_not();
    std::filesystem::remove(root.root() + node);
    if (node == "/dev/nvidia0") {
      std::filesystem::create_directory(root.root() + node);
    } else {
      std::ofstream(root.root() + node) << "";
    }
    auto facts = probed(root.root()).get<gpudoctor::facts::Facts>();
    auto x = gdtest::find(gdtest::run(facts), "K211");
    ASSERT_NE(x, nullptr) << node;
    EXPECT_EQ(x->message, node + (node == "/dev/nvidia0" ? " is a directory" : " is a regular file"));
    auto r = gdtest::run_gpudoctor("--root " + root.root() + " --no-live", "-i PATH=/usr/bin:/bin", true);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("[K211]"), std::string::npos) << r.out;
  }
}

}  // namespace
