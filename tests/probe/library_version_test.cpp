#include "probe/library_version.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace gpudoctor::probe {
namespace {

TEST(LibraryVersion, IncludeDirsForToolkitAndMultiarchLibDirs) {
  EXPECT_EQ(include_dirs_for("/usr/local/cuda-12.2/lib64"), std::vector<std::string>{"/usr/local/cuda-12.2/include"});
  EXPECT_EQ(include_dirs_for("/usr/lib/x86_64-linux-gnu"),
            (std::vector<std::string>{"/usr/lib/include", "/usr/include", "/usr/include/x86_64-linux-gnu"}));
  EXPECT_EQ(include_dirs_for("/sp/nvidia/cudnn/lib"), std::vector<std::string>{"/sp/nvidia/cudnn/include"});
}

TEST(LibraryVersion, SpecsListNewestSonameFirstAndNoDuplicates) {
  std::vector<std::string_view> ids;
  for (const auto& s : library_specs()) {
    EXPECT_FALSE(s.sonames.empty()) << s.id;
    EXPECT_FALSE(s.version_order.empty()) << s.id;
    EXPECT_EQ(std::find(ids.begin(), ids.end(), s.id), ids.end()) << s.id;
    ids.push_back(s.id);
    for (auto n : s.sonames) EXPECT_EQ(n.substr(0, s.stem.size() + 4), std::string(s.stem) + ".so.") << n;
  }
}

}  // namespace
}  // namespace gpudoctor::probe
