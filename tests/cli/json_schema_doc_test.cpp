// docs/json-schema.md and the real --json report agree on the top-level keys and on
// the fields of a finding: a field added or removed in one shows up here.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "cli_test_util.hpp"

namespace {

// The backquoted names in the first column of the table under `heading`.
std::set<std::string> documented(const std::string& heading) {
  std::ifstream in(std::string(GD_SOURCE_DIR) + "/docs/json-schema.md");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  auto at = doc.find("\n## " + heading + "\n");
  EXPECT_NE(at, std::string::npos) << heading;
  auto end = doc.find("\n## ", at + 4);
  std::string section = doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
  std::set<std::string> keys;
  std::regex row(R"(\n\| `([a-z_]+)` \|)");
  for (std::sregex_iterator it(section.begin(), section.end(), row), e; it != e; ++it) keys.insert((*it)[1]);
  return keys;
}

std::set<std::string> keys_of(const nlohmann::json& o) {
  std::set<std::string> k;
  for (const auto& [key, _] : o.items()) k.insert(key);
  return k;
}

nlohmann::json report() {
  auto r = gdtest::run_gpudoctor("--json --no-live --root " + std::string(GD_FIXTURES) + "/roots/module_not_loaded");
  return nlohmann::json::parse(r.out);
}

TEST(JsonSchemaDoc, TopLevelKeysAreDocumented) {
  EXPECT_EQ(keys_of(report()), documented("Top level"));
}

TEST(JsonSchemaDoc, FindingFieldsAreDocumented) {
  auto j = report();
  ASSERT_FALSE(j["findings"].empty());
  EXPECT_EQ(keys_of(j["findings"][0]), documented("Finding"));
}

}  // namespace
