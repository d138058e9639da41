// Each KB table is checked against the columns the code reads, at load: a renamed column
// would otherwise read as "" in every row and switch rules off without a word. The
// embedded tables pass the same check as a --kb override.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "kb/embedded.hpp"
#include "kb/kb.hpp"
#include "kb/table.hpp"
#include "util/strings.hpp"

namespace {

using namespace gpudoctor;

std::string error_of(std::string_view name, std::string_view text) {
  try {
    kb::check_columns(name, text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(TableSchema, EveryEmbeddedTableHasASchemaAndPassesIt) {
  size_t tables = 0;
  for (const auto& f : kb::embedded_files()) {
    if (!util::starts_with(f.path, "kb/") || !util::ends_with(f.path, ".tsv")) continue;
    ++tables;
    EXPECT_NE(kb::expected_columns(f.path), nullptr)
        << f.path << " has no entry in src/kb/table.cpp schemas(): list the columns the code reads";
    EXPECT_EQ(error_of(f.path, f.content), "") << f.path;
  }
  EXPECT_GE(tables, 20u);
  EXPECT_NO_THROW(kb::Kb::load());
}

TEST(TableSchema, EverySchemaNamesAnEmbeddedTable) {
  for (std::string_view name : {"kb/gpus.tsv", "kb/cuda_major.tsv", "kb/cuda_driver.tsv", "kb/arch_support.tsv",
                                "kb/tf_tested.tsv", "kb/messages_tensorflow.tsv", "kb/messages_xid.tsv"}) {
    ASSERT_NE(kb::expected_columns(name), nullptr) << name;
    bool embedded = false;
    for (const auto& f : kb::embedded_files()) embedded |= f.path == name;
    EXPECT_TRUE(embedded) << name;
  }
}

TEST(TableSchema, RenamedColumnIsNamedWithItsFile) {
  std::string gpus(kb::Kb::load().text("kb/gpus.tsv"));
  ASSERT_NE(gpus.find("\tcompute_capability\t"), std::string::npos);
  std::string renamed = gpus;
  renamed.replace(renamed.find("\tcompute_capability\t"), 20, "\tcc\t");
  EXPECT_EQ(error_of("kb/gpus.tsv", renamed).rfind("kb/gpus.tsv: no column 'compute_capability' (header: device_id ", 0),
            0u)
      << error_of("kb/gpus.tsv", renamed);
  // Extra columns are fine; comments and blank lines before the header are skipped.
  EXPECT_EQ(error_of("kb/ptx_isa.tsv", "# source: x\n\n# date: 2026-01-01\r\nptx_isa\tmin_cuda\tnote\n8.0\t12.0\t\n"), "");
  EXPECT_EQ(error_of("kb/ptx_isa.tsv", "# source: x\n"), "kb/ptx_isa.tsv: no header line");
  EXPECT_EQ(error_of("kb/ptx_isa.tsv", "isa\tmin_cuda\n"), "kb/ptx_isa.tsv: no column 'ptx_isa' (header: isa min_cuda)");
}

TEST(TableSchema, NewMessageTablesArePatternTablesAndUnknownNamesAreRejected) {
  auto* pattern = kb::expected_columns("kb/messages_mxnet.tsv");
  ASSERT_NE(pattern, nullptr);
  EXPECT_EQ(pattern, kb::expected_columns("kb/messages_pytorch.tsv"));
  EXPECT_EQ(kb::expected_columns("kb/gpu.tsv"), nullptr);
  EXPECT_EQ(error_of("kb/gpu.tsv", "a\n"), "kb/gpu.tsv: unknown table (not one gpudoctor reads)");
}
