// deploy/kubernetes/gpudoctor-daemonset.yaml: it parses, mounts the host read-only, and
// the options it gives gpudoctor are ones the binary accepts and that produce metrics.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "../cli/cli_test_util.hpp"
#include "helpers/healthy_root.hpp"

namespace {

namespace fs = std::filesystem;

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

std::string temp_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / ("gd_k8s_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d.string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void replace_word(std::string& s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  ASSERT_NE(at, std::string::npos) << from << " in " << s;
  s.replace(at, from.size(), to);
}

TEST(KubernetesManifest, ItsGpudoctorOptionsWriteMetricsAndLabelsOnAFixtureNode) {
  std::string args = python_field("[e['value'] for e in d['spec']['template']['spec']['containers'][0]['env'] "
                                  "if e['name'] == 'GPUDOCTOR_ARGS'][0]");
  ASSERT_NE(args.find("--root /host"), std::string::npos) << args;
  // A healthy node: the DaemonSet's options must report it usable (exit 0) in the files they write.
  gdtest::HealthyRoot node;
  if (!node.ok()) GTEST_SKIP() << node.why_not();
  auto textfile = temp_dir("textfile"), nfd = temp_dir("nfd");
  auto with = [&](const std::string& root) {
    std::string a = args;
    replace_word(a, "/host", root);
    replace_word(a, "/textfile", textfile);
    replace_word(a, "/nfd-features", nfd);
    return gdtest::run_gpudoctor(a, "-i PATH=/usr/bin:/bin");
  };
  auto r = with(node.root());
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out;
  EXPECT_EQ(r.out.rfind("OK ", 0), 0u) << r.out;
  auto prom = slurp(textfile + "/gpudoctor.prom");
  EXPECT_NE(prom.find("gpudoctor_gpu_usable 1\n"), std::string::npos) << prom;
  EXPECT_NE(prom.find("gpudoctor_pci_gpus 1\n"), std::string::npos) << prom;
  EXPECT_NE(slurp(nfd + "/gpudoctor").find("gpudoctor.io/gpu-usable=true\n"), std::string::npos);
  // The same options on a broken node: exit 1, usable 0, the NFD label false.
  auto broken = with(std::string(GD_FIXTURES) + "/roots/module_not_loaded");
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(slurp(textfile + "/gpudoctor.prom").find("gpudoctor_gpu_usable 0\n"), std::string::npos);
  EXPECT_NE(slurp(nfd + "/gpudoctor").find("gpudoctor.io/gpu-usable=false\n"), std::string::npos);
  // The mounts the options write to exist in the pod.
  for (const char* dir : {"/textfile", "/nfd-features"})
    EXPECT_EQ(python_field(std::string("[m['mountPath'] for m in d['spec']['template']['spec']['containers'][0]"
                                       "['volumeMounts'] if m['mountPath'] == '") + dir + "'][0]"),
              dir);
  fs::remove_all(textfile);
  fs::remove_all(nfd);
}

// deploy/kubernetes/gpudoctor-npd-monitor.json against node-problem-detector's own
// validation (pkg/custompluginmonitor/types/config.go: plugin "custom", a default
// condition for every permanent rule, no rule timeout above the global one) and its
// plugin contract, run with the rule's own arguments on fixture nodes.
TEST(NpdMonitor, PassesNpdsValidationAndItsArgumentsKeepThePluginContract) {
  auto j = nlohmann::json::parse(slurp(std::string(GD_SOURCE_DIR) + "/deploy/kubernetes/gpudoctor-npd-monitor.json"));
  EXPECT_EQ(j["plugin"], "custom");
  auto seconds = [](const std::string& d) {
    EXPECT_EQ(d.back(), 's') << d;
    return std::stod(d.substr(0, d.size() - 1));
  };
  double global_timeout = seconds(j["pluginConfig"]["timeout"].get<std::string>());
  EXPECT_LE(j["pluginConfig"]["max_output_length"].get<int>(), 80);
  ASSERT_EQ(j["rules"].size(), 1u);
  const auto& rule = j["rules"][0];
  EXPECT_LE(seconds(rule["timeout"].get<std::string>()), global_timeout);
  bool has_default = false;
  for (const auto& c : j["conditions"]) has_default |= c["type"] == rule["condition"];
  EXPECT_TRUE(has_default) << "permanent rule without a default condition";
  // Reasons are CamelCase (metav1.Condition).
  auto reason = rule["reason"].get<std::string>();
  EXPECT_TRUE(!reason.empty() && std::isupper(static_cast<unsigned char>(reason[0])) &&
              reason.find_first_of(" _-") == std::string::npos)
      << reason;

  std::string args;
  for (const auto& a : rule["args"]) args += " " + a.get<std::string>();
  struct Case {
    std::string root;
    int exit_code;
    std::string starts;
  };
  // A healthy node as a facts file: no fixture root is usable without a live driver.
  for (const auto& c : std::vector<Case>{{"facts", 0, "OK "}, {"module_not_loaded", 1, "K204 "}, {"no-such-root", 2, "UNKNOWN "}}) {
    std::string a = args;
    if (c.root == "facts")
      replace_word(a, "--root /host", "--facts " + std::string(GD_FIXTURES) + "/facts/healthy_h100.json");
    else
      replace_word(a, "/host", std::string(GD_FIXTURES) + "/roots/" + c.root);
    auto r = gdtest::run_gpudoctor(a);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.root << ": " << r.out;
    EXPECT_EQ(r.out.rfind(c.starts, 0), 0u) << c.root << ": " << r.out;
    EXPECT_LE(r.out.size(), 81u) << r.out;  // 80 bytes and the newline NPD trims
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  }
}

}  // namespace
