// deploy/kubernetes/gpudoctor-daemonset.yaml: it parses, mounts the host read-only, and
// the options it gives gpudoctor are ones the binary accepts and that produce metrics.
#include <gtest/gtest.h>

#include "../cli/cli_test_util.hpp"
#include "helpers/healthy_root.hpp"

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
  // A healthy node: the DaemonSet's options must report it usable (exit 0), not just "a report".
  gdtest::HealthyRoot node;
  if (!node.ok()) GTEST_SKIP() << node.why_not();
  args.replace(args.find("/host"), 5, node.root());
  auto r = gdtest::run_gpudoctor(args, "-i PATH=/usr/bin:/bin");
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out;
  EXPECT_NE(r.out.find("gpudoctor_gpu_usable 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gpudoctor_pci_gpus 1"), std::string::npos) << r.out;
  // The same options on a broken node: a full report, exit 1, usable 0.
  args.replace(args.find(node.root()), node.root().size(), std::string(GD_FIXTURES) + "/roots/module_not_loaded");
  auto broken = gdtest::run_gpudoctor(args, "-i PATH=/usr/bin:/bin");
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.out.find("gpudoctor_gpu_usable 0"), std::string::npos) << broken.out;
}

}  // namespace
