#pragma once
// Python wheel metadata (PEP 376 / PEP 627 "Recording installed projects"):
// the <name>-<version>.dist-info directory name, its METADATA headers, and its
// RECORD, a CSV of "path,sha256=...,size" rows listing every installed file.
// NVIDIA's CUDA wheels (nvidia-cudnn-cu13, nvidia-cuda-runtime, ...) are
// identified through these without importing Python.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct DistInfoName {
  std::string name;     // "nvidia_cudnn_cu13" (as in the directory name: escaped, '_' for '-')
  std::string version;  // "9.19.0.56"
};

// Splits "nvidia_cudnn_cu13-9.19.0.56.dist-info" at the first '-' (the wheel
// spec escapes '-' inside the name as '_'); fails on other names.
ParseResult<DistInfoName> parse_dist_info_dirname(std::string_view dirname);

struct DistMetadata {
  std::string name;     // "Name:" header, "nvidia-cudnn-cu13"
  std::string version;  // "Version:" header
};

// Reads the RFC 822 header block of METADATA (stops at the first blank line).
ParseResult<DistMetadata> parse_dist_metadata(std::string_view text);

struct RecordRow {
  std::string path;             // relative to the directory holding the .dist-info, '/'-separated
  std::string hash;             // "sha256=...", "" for RECORD itself
  std::optional<uint64_t> size; // bytes; absent for RECORD itself
};

// Parses RECORD (CSV with double-quote quoting, CRLF or LF). Rows without a
// path are skipped; a quote left open at the end is an error.
ParseResult<std::vector<RecordRow>> parse_dist_info_record(std::string_view text);

// PEP 503 normalisation for comparing names: lower case, runs of "-_." -> "-".
std::string normalize_dist_name(std::string_view name);

}  // namespace gpudoctor::parse
