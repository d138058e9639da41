#include "kb/table.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "util/strings.hpp"

namespace gpudoctor::kb {

std::optional<size_t> Table::column(std::string_view col) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == col) return i;
  return std::nullopt;
}

const std::string& Table::get(size_t r, std::string_view col) const {
  static const std::string kEmpty;
  auto c = column(col);
  if (!c || r >= rows.size() || *c >= rows[r].size()) return kEmpty;
  return rows[r][*c];
}

Table parse_table(std::string_view name, std::string_view text) {
  Table t;
  t.name = std::string(name);
  int lineno = 0;
  for (const auto& raw : util::split_lines(text)) {
    ++lineno;
    std::string_view line = raw;
    if (util::trim(line).empty()) continue;
    if (line.front() == '#') {
      auto body = util::trim(line.substr(1));
      if (util::starts_with(body, "source:")) t.sources.emplace_back(util::trim(body.substr(7)));
      if (util::starts_with(body, "date:")) t.date = std::string(util::trim(body.substr(5)));
      continue;
    }
    std::vector<std::string> fields;
    for (auto f : util::split(line, '\t')) fields.emplace_back(util::trim(f));
    if (t.columns.empty()) {
      t.columns = std::move(fields);
      continue;
    }
    if (fields.size() > t.columns.size())
      throw std::runtime_error(std::string(name) + ":" + std::to_string(lineno) + ": " +
                               std::to_string(fields.size()) + " fields, header has " +
                               std::to_string(t.columns.size()));
    fields.resize(t.columns.size());
    t.rows.push_back(std::move(fields));
  }
  if (t.columns.empty()) throw std::runtime_error(std::string(name) + ": no header line");
  return t;
}

namespace {

using Columns = std::vector<std::string_view>;

// Every column some reader asks Table::get() for (src/kb/*.cpp, src/probe/framework_*.cpp,
// src/explain/message_kb.cpp, src/explain/status_codes.cpp, src/rules/live/live_util.cpp). Extra columns are allowed
// (notes, source quality); a missing one is an error.
const Columns kStatusTable = {"name", "code", "old_code", "text", "explain", "cause", "meaning"};

const std::map<std::string_view, Columns>& schemas() {
  static const std::map<std::string_view, Columns> kSchemas = {
      {"kb/arch_support.tsv",
       {"architecture", "cc_min", "cc_max", "last_cuda_major", "last_driver_branch", "first_cuda",
        "open_module_supported", "open_module_required"}},
      {"kb/cuda_driver.tsv", {"cuda", "linux_min_driver", "windows_min_driver"}},
      {"kb/cuda_major.tsv", {"cuda_major", "minor_compat_linux_min", "minor_compat_windows_min", "min_compute_capability"}},
      {"kb/env_vars.tsv", {"pattern", "shown", "reason", "read_by"}},
      {"kb/gpus.tsv",
       {"device_id", "name", "chip", "architecture", "compute_capability", "memory_gb", "bus_width_bits", "mem_bw_gbs",
        "fp32_tflops", "tensor_bf16_tflops"}},
      // Read by no rule yet: the columns kb/README.md documents.
      {"kb/jax_cuda_plugins.tsv",
       {"plugin", "version", "python_min", "cuda_runtime_min", "cudnn_min", "cudnn_max_excl", "cuda_nvcc_min"}},
      {"kb/messages_codes.tsv", {"code", "explains", "explanation", "fix"}},
      {"kb/messages_libs.tsv", {"pattern", "library", "code", "cause", "what", "wanted_by"}},
      {"kb/messages_xid.tsv", {"xid", "name", "severity", "cause", "meaning"}},
      {"kb/ptx_isa.tsv", {"ptx_isa", "min_cuda"}},
      {"kb/tf_and_cuda.tsv", {"tf", "cudnn"}},
      {"kb/tf_dso_sonames.tsv", {"cuda", "lib", "soname", "required"}},
      {"kb/tf_tested.tsv", {"platform", "tf", "python_min", "python_max", "cuda", "cudnn"}},
      // The status-code tables of explain (src/explain/status_codes.cpp) and Kb::curesult_name.
      {"kb/status_cublas.tsv", kStatusTable},
      {"kb/status_cudart.tsv", kStatusTable},
      {"kb/status_cudnn.tsv", kStatusTable},
      {"kb/status_curesult.tsv", kStatusTable},
      {"kb/status_nccl.tsv", kStatusTable},
      {"kb/status_nvml.tsv", kStatusTable},
  };
  return kSchemas;
}

// kb/messages_<framework>.tsv: the log patterns of `gpudoctor explain`.
const Columns kPatternTable = {"id",      "framework", "code", "cause",  "severity", "prio",
                               "pattern", "message",   "fix",  "source", "example",  "quiet"};

}  // namespace

const std::vector<std::string_view>* expected_columns(std::string_view name) {
  auto it = schemas().find(name);
  if (it != schemas().end()) return &it->second;
  if (util::starts_with(name, "kb/messages_") && util::ends_with(name, ".tsv")) return &kPatternTable;
  return nullptr;
}

void check_columns(std::string_view name, std::string_view text) {
  const Columns* want = expected_columns(name);
  if (!want) throw std::runtime_error(std::string(name) + ": unknown table (not one gpudoctor reads)");
  std::vector<std::string> header;
  // Only up to the header: every run checks every table, most of which it never parses.
  while (!text.empty() && header.empty()) {
    size_t end = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (util::trim(line).empty() || line.front() == '#') continue;
    for (auto f : util::split(line, '\t')) header.emplace_back(util::trim(f));
  }
  if (header.empty()) throw std::runtime_error(std::string(name) + ": no header line");
  for (auto col : *want)
    if (std::find(header.begin(), header.end(), col) == header.end())
      throw std::runtime_error(std::string(name) + ": no column '" + std::string(col) + "' (header: " +
                               util::join(header, " ") + ")");
}

}  // namespace gpudoctor::kb
