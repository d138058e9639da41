// deploy/kubernetes/gpudoctor-daemonset.yaml: it parses, mounts the host read-only, and
// the options it gives gpudoctor are ones the binary accepts and that produce metrics.
#include <gtest/gtest.h>

#include "../cli/cli_test_util.hpp"

namespace {

std::string manifest() { return std::string(GD_SOURCE_DIR) + "/deploy/kubernetes/gpudoctor-daemonset.yaml"; }

std::string python_field(const std::string& expr) {
  auto out = gdtest::run_shell("python3 -c \"import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(" + expr +
                               ")\" " + manifest() + " 2>&1")
                 .out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(KubernetesManifest, IsADaemonSetWithTheHostMountedReadOnly) {
  EXPECT_EQ(python_field("d['kind']"), "DaemonSet");
  EXPECT_EQ(python_field("[m for m in d['spec']['template']['spec']['containers'][0]['volumeMounts'] "
                         "if m['name'] == 'host'][0]['readOnly']"),
            "True");
}

TEST(KubernetesManifest, ItsGpudoctorOptionsWorkOnAFixtureNode) {
  std::string args = python_field("[e['value'] for e in d['spec']['template']['spec']['containers'][0]['env'] "
                                  "if e['name'] == 'GPUDOCTOR_ARGS'][0]");
  ASSERT_NE(args.find("--root /host"), std::string::npos) << args;
  args.replace(args.find("/host"), 5, std::string(GD_FIXTURES) + "/roots/h100_ok");
  auto r = gdtest::run_gpudoctor(args);
  EXPECT_LE(r.exit_code, 1) << args;
  EXPECT_NE(r.out.find("gpudoctor_gpu_usable "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gpudoctor_pci_gpus 1"), std::string::npos) << r.out;
}

}  // namespace
