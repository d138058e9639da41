#pragma once
// Reading a file whose absence is itself a fact (no /proc/driver/nvidia without a
// driver, no /.dockerenv outside Docker): a missing file is reported as absent, and
// only an unreadable, oversized or looping one becomes a probe problem.
#include <string>
#include <string_view>

#include "probe/probe_context.hpp"

namespace gpudoctor::probe {

struct FactFile {
  enum class Status { kAbsent, kOk, kFailed };
  Status status = Status::kAbsent;
  std::string text;        // with kOk; cut at max_bytes when `truncated`
  bool truncated = false;  // a problem has been recorded
  std::string error;       // with kFailed; a problem has been recorded

  bool ok() const { return status == Status::kOk; }
  bool absent() const { return status == Status::kAbsent; }
};

// Symlinks are resolved inside the root first (RootFs::resolve), so an absolute
// link in a fixture or chroot cannot reach the host's files, and a loop fails
// instead of hanging.
FactFile read_fact_file(ProbeContext& ctx, std::string_view probe, std::string_view path,
                        size_t max_bytes = 64u << 10);

// Whether `path` exists inside the root, following symlinks the same way. A path
// that cannot be checked (loop, permission) is recorded as a problem and reported
// as absent.
bool fact_exists(ProbeContext& ctx, std::string_view probe, std::string_view path);

// Whether a RootFs error is ENOENT's text ("no such file or directory").
bool is_not_found(const std::string& error);

// File bytes made fit for a fact: facts are written as JSON, which must be valid
// UTF-8, and shown on terminals. Control characters and bytes that are not part of
// a valid UTF-8 sequence (RFC 3629: no overlongs, surrogates or > U+10FFFF) become '?'.
std::string fact_text(std::string_view bytes);

// ctx.problem with path and error passed through fact_text (paths hold directory
// entry names, errors may quote file contents).
void report(ProbeContext& ctx, std::string_view probe, std::string_view path, std::string_view error);

}  // namespace gpudoctor::probe
