// Fires / quiet cases for the H codes.
#include <gtest/gtest.h>

#include "rules/facts_fixture.hpp"

using namespace gdtest;

TEST(HardwareRules, HealthyMachineHasNoErrorFindings) {
  auto findings = run(healthy());
  for (const auto& f : findings) EXPECT_NE(f.severity, gpudoctor::findings::Severity::error) << f.code << " " << f.message;
}

TEST(HardwareRules, H101FiresWithNoNvidiaDeviceAndFoldsLibcudaMissing) {
  auto findings = run(no_gpu_box());
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings.front().code, "H101");
  EXPECT_EQ(findings.front().cause, "no_gpu_hardware");
  const auto* l301 = find(findings, "L301");
  ASSERT_NE(l301, nullptr);
  EXPECT_EQ(l301->explained_by, "H101");
}

TEST(HardwareRules, H101QuietWhenSysfsUnreadableOrWslWithDxg) {
  auto f = no_gpu_box();
  f.pci.sysfs_readable = false;
  EXPECT_FALSE(fires(f, "H101"));
  f = no_gpu_box();
  f.host.is_wsl = true;
  f.host.wsl_dxg_present = true;
  EXPECT_FALSE(fires(f, "H101"));
  EXPECT_FALSE(fires(healthy(), "H101"));
}

TEST(HardwareRules, H102FiresForPascalUnderCuda13) {
  auto f = healthy();
  f.pci.gpus[0].compute_capability = "6.1";
  f.pci.gpus[0].name = "NVIDIA GeForce GTX 1080 Ti";
  f.toolkit.roots[0].version = "13.0.88";
  f.libraries[2].candidates[0].version = "13.0.96";
  auto findings = run(f);
  const auto* x = find(findings, "H102");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::error);
  EXPECT_NE(x->message.find("7.5"), std::string::npos) << x->message;
}

TEST(HardwareRules, H102IsOnlyAWarningWhenAnOlderCudaAlsoFits) {
  auto f = healthy();
  f.pci.gpus[0].compute_capability = "6.1";
  f.toolkit.roots[0].version = "13.0.88";  // cudart stays 12.4
  auto x = find(run(f), "H102");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->severity, gpudoctor::findings::Severity::warning);
}

TEST(HardwareRules, H102QuietForHopperUnderCuda13) {
  auto f = healthy();
  f.toolkit.roots[0].version = "13.0.88";
  EXPECT_FALSE(fires(f, "H102"));
}
