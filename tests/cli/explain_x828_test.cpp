// X828 (a framework's GPU start-up failed, reason not understood) through the real CLI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/cli_test_util.hpp"

namespace fs = std::filesystem;

static const std::string kQuoted = std::string("\"") + "X828" + "\"";

// Each test writes its own file: ctest runs them in parallel.
static std::string explain_json(const std::string& name, const std::string& log) {
  auto p = fs::temp_directory_path() / ("gd_" + name + ".log");
  std::ofstream(p) << log;
  return gdtest::run_gpudoctor("explain --json --no-probe " + p.string()).out;
}

TEST(ExplainCli, X828FiresWhenJaxCannotStartItsCudaBackend) {
  auto out = explain_json("x828_fires", "RuntimeError: Unable to initialize backend 'cuda': FAILED_PRECONDITION: something new\n");
  EXPECT_NE(out.find(kQuoted), std::string::npos) << out;
}

TEST(ExplainCli, X828QuietOnABenignLine) {
  auto out = explain_json("x828_quiet", "I0000 00:00:1 cpu_feature_guard.cc:182] This TensorFlow binary is optimized to use available "
                          "CPU instructions in performance-critical operations.\n");
  EXPECT_EQ(out.find(kQuoted), std::string::npos) << out;
}
