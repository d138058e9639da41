#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kb/kb.hpp"
#include "probe/probes.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

namespace fs = std::filesystem;

const kb::Kb& knowledge() {
  static const kb::Kb k = kb::Kb::load();
  return k;
}

struct Run {
  ProbeContext ctx;
  facts::PciFacts pci;
};

Run run(const std::string& scenario) {
  Run r;
  r.ctx.fs = RootFs(std::string(GD_FIXTURES) + "/roots/" + scenario);
  r.ctx.allow_exec = false;
  probe_pci(r.ctx, knowledge(), r.pci);
  return r;
}

std::string problems_text(const ProbeContext& ctx) {
  std::string s;
  for (const auto& p : ctx.problems) s += p.probe + " " + p.path + ": " + p.error + "\n";
  return s;
}

bool has_problem(const ProbeContext& ctx, std::string_view path, std::string_view error_part) {
  for (const auto& p : ctx.problems)
    if (p.path == path && util::contains(p.error, error_part)) return true;
  return false;
}

TEST(PciProbe, H100Ok) {
  auto r = run("h100_ok");
  EXPECT_TRUE(r.pci.sysfs_readable);
  EXPECT_EQ(r.pci.devices_scanned, 2);
  ASSERT_EQ(r.pci.gpus.size(), 1u);
  const auto& g = r.pci.gpus[0];
  EXPECT_EQ(g.bdf, "0000:18:00.0");
  EXPECT_EQ(g.vendor_id, "10de");
  EXPECT_EQ(g.device_id, "2330");
  EXPECT_EQ(g.subsystem_vendor_id, "10de");
  EXPECT_EQ(g.subsystem_device_id, "16c1");
  EXPECT_EQ(g.class_code, "030200");
  EXPECT_EQ(g.driver, "nvidia");
  EXPECT_EQ(g.current_link_speed, "32.0 GT/s PCIe");
  EXPECT_EQ(g.current_link_gen, 5);
  EXPECT_EQ(g.current_link_width, 16);
  EXPECT_EQ(g.max_link_gen, 5);
  EXPECT_EQ(g.max_link_width, 16);
  EXPECT_EQ(g.numa_node, 0);
  // From kb/gpus.tsv, whatever its current wording; the source is what matters here.
  auto model = knowledge().gpu("2330");
  ASSERT_TRUE(model);
  EXPECT_EQ(g.name, model->name);
  EXPECT_EQ(g.chip, "GH100");
  EXPECT_EQ(g.architecture, "Hopper");
  EXPECT_EQ(g.compute_capability, "9.0");
  EXPECT_EQ(g.name_source, "kb");
  EXPECT_EQ(r.pci.pci_ids_path, "");  // not needed, not read
  EXPECT_TRUE(r.ctx.problems.empty()) << problems_text(r.ctx);
}

TEST(PciProbe, NouveauBoundAndAudioFunctionSkipped) {
  auto r = run("nouveau");
  EXPECT_EQ(r.pci.devices_scanned, 3);
  ASSERT_EQ(r.pci.gpus.size(), 1u);
  EXPECT_EQ(r.pci.gpus[0].bdf, "0000:01:00.0");
  EXPECT_EQ(r.pci.gpus[0].driver, "nouveau");
  EXPECT_EQ(r.pci.gpus[0].class_code, "030000");
  EXPECT_EQ(r.pci.gpus[0].numa_node, -1);
  EXPECT_EQ(r.pci.gpus[0].compute_capability, "8.6");
  EXPECT_TRUE(r.ctx.problems.empty()) << problems_text(r.ctx);
}

TEST(PciProbe, VfioAndNoDriver) {
  auto v = run("vfio");
  ASSERT_EQ(v.pci.gpus.size(), 1u);
  EXPECT_EQ(v.pci.gpus[0].driver, "vfio-pci");
  EXPECT_EQ(v.pci.gpus[0].numa_node, 1);
  auto n = run("no_driver");
  ASSERT_EQ(n.pci.gpus.size(), 1u);
  EXPECT_EQ(n.pci.gpus[0].driver, "");
  EXPECT_EQ(n.pci.gpus[0].max_link_gen, 3);
  EXPECT_TRUE(n.ctx.problems.empty()) << problems_text(n.ctx);
}

TEST(PciProbe, NoGpuIgnoresOtherVendorsVgaControllers) {
  auto r = run("no_gpu");
  EXPECT_TRUE(r.pci.sysfs_readable);
  EXPECT_EQ(r.pci.devices_scanned, 3);
  EXPECT_TRUE(r.pci.gpus.empty());
  EXPECT_TRUE(r.ctx.problems.empty()) << problems_text(r.ctx);
}

TEST(PciProbe, Wsl2HasNoPciBusAndThatIsNoProblem) {
  auto r = run("wsl2");
  EXPECT_FALSE(r.pci.sysfs_readable);
  EXPECT_EQ(r.pci.devices_scanned, 0);
  EXPECT_TRUE(r.pci.gpus.empty());
  EXPECT_TRUE(r.ctx.problems.empty()) << problems_text(r.ctx);
}

TEST(PciProbe, MultiGpuWithDowngradedLinkInOldSpelling) {
  auto r = run("multi_gpu");
  ASSERT_EQ(r.pci.gpus.size(), 2u);
  const auto& a = r.pci.gpus[0];
  const auto& b = r.pci.gpus[1];
  EXPECT_EQ(a.bdf, "0000:3b:00.0");
  EXPECT_EQ(a.current_link_gen, 4);
  EXPECT_EQ(a.current_link_width, 16);
  EXPECT_EQ(b.bdf, "0000:d8:00.0");
  EXPECT_EQ(b.current_link_speed, "2.5 GT/s");
  EXPECT_EQ(b.current_link_gen, 1);
  EXPECT_EQ(b.current_link_width, 8);
  EXPECT_EQ(b.max_link_speed, "16 GT/s");
  EXPECT_EQ(b.max_link_gen, 4);
  EXPECT_EQ(b.max_link_width, 16);
  EXPECT_EQ(b.numa_node, 1);
  EXPECT_TRUE(r.ctx.problems.empty()) << problems_text(r.ctx);
}

TEST(PciProbe, UnknownDeviceNamedFromPciIds) {
  ASSERT_FALSE(knowledge().gpu("0020")) << "the fixture needs a device id that kb/gpus.tsv does not list";
  auto r = run("unknown_device");
  ASSERT_EQ(r.pci.gpus.size(), 1u);
  const auto& g = r.pci.gpus[0];
  EXPECT_EQ(g.device_id, "0020");
  EXPECT_EQ(g.name, "V3400 TNT");  // the subsystem line for 1043:0200
  EXPECT_EQ(g.chip, "NV4");
  EXPECT_EQ(g.architecture, "");
  EXPECT_EQ(g.compute_capability, "");
  EXPECT_EQ(g.name_source, "pci.ids");
  EXPECT_EQ(r.pci.pci_ids_path, "/usr/share/misc/pci.ids");
  EXPECT_TRUE(r.ctx.problems.empty()) << problems_text(r.ctx);
}

TEST(PciProbe, BrokenTreeReportsAndGoesOn) {
  auto r = run("broken");
  EXPECT_TRUE(r.pci.sysfs_readable);
  EXPECT_EQ(r.pci.devices_scanned, 3);
  EXPECT_TRUE(r.pci.gpus.empty());
  EXPECT_TRUE(has_problem(r.ctx, "/sys/bus/pci/devices/0000:01:00.0/class",
                          "expected 0x and 6 hex digits, got \"0x03\""))
      << problems_text(r.ctx);
  EXPECT_TRUE(has_problem(r.ctx, "/sys/bus/pci/devices/0000:02:00.0", "too many levels of symbolic links"))
      << problems_text(r.ctx);
  EXPECT_TRUE(has_problem(r.ctx, "/sys/bus/pci/devices/0000:03:00.0", "too many levels of symbolic links"))
      << problems_text(r.ctx);
}

TEST(PciProbe, FactsRoundTripThroughJson) {
  auto r = run("multi_gpu");
  nlohmann::json j = r.pci;
  auto back = j.get<facts::PciFacts>();
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(j["gpus"][1]["max_link_gen"], 4);
}

// The machine the tests run on (no NVIDIA GPU here, so `gpus` must be empty) is a
// fixture too; the expectation is counted independently so the test also holds on
// a GPU machine.
TEST(PciProbe, LiveMachine) {
  const fs::path dir = "/sys/bus/pci/devices";
  if (!fs::exists(dir)) GTEST_SKIP() << "no /sys/bus/pci/devices here";
  int entries = 0, nvidia_gpus = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    ++entries;
    std::string vendor, cls;
    std::ifstream(e.path() / "vendor") >> vendor;
    std::ifstream(e.path() / "class") >> cls;
    if (vendor == "0x10de" && (util::starts_with(cls, "0x0300") || util::starts_with(cls, "0x0302"))) ++nvidia_gpus;
  }
  ProbeContext ctx = ProbeContext::live("/");
  facts::PciFacts pci;
  probe_pci(ctx, knowledge(), pci);
  EXPECT_TRUE(pci.sysfs_readable);
  EXPECT_EQ(pci.devices_scanned, entries);
  EXPECT_EQ(static_cast<int>(pci.gpus.size()), nvidia_gpus);
  EXPECT_TRUE(ctx.problems.empty()) << problems_text(ctx);
}

}  // namespace
}  // namespace gpudoctor::probe
