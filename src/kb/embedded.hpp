#pragma once
// Files compiled into the binary at build time (kb/*.tsv, docs/findings/*.md,
// src/deep/scripts/*.py).
#include <span>
#include <string_view>

namespace gpudoctor::kb {

struct EmbeddedFile {
  std::string_view path;     // relative to the source root, e.g. "kb/gpus.tsv"
  std::string_view content;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace gpudoctor::kb
