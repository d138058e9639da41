#include "probe/fact_file.hpp"

#include <cerrno>
#include <cstring>

#include "util/strings.hpp"

namespace gpudoctor::probe {

bool is_not_found(const std::string& error) {
  static const std::string kEnoent = util::to_lower(std::strerror(ENOENT));
  return error == kEnoent;
}

FactFile read_fact_file(ProbeContext& ctx, std::string_view probe, std::string_view path, size_t max_bytes) {
  FactFile out;
  auto real = ctx.fs.resolve(path);
  if (!real) {
    // A missing component is absence; a dangling link at the path itself is not.
    if (is_not_found(real.error) && !ctx.fs.exists(path)) return out;
    out.status = FactFile::Status::kFailed;
    out.error = real.error;
    ctx.problem(std::string(probe), std::string(path), real.error);
    return out;
  }
  auto text = ctx.fs.read(*real, max_bytes, &out.truncated);
  if (!text) {
    out.status = FactFile::Status::kFailed;
    out.error = text.error;
    ctx.problem(std::string(probe), std::string(path), text.error);
    return out;
  }
  out.status = FactFile::Status::kOk;
  out.text = std::move(*text);
  if (out.truncated)
    ctx.problem(std::string(probe), std::string(path),
                "larger than " + std::to_string(max_bytes) + " bytes, only the start was read");
  return out;
}

bool fact_exists(ProbeContext& ctx, std::string_view probe, std::string_view path) {
  auto real = ctx.fs.resolve(path);
  if (real) return true;
  // A dangling link counts as absent, as access(F_OK) would say.
  if (is_not_found(real.error)) return false;
  // A loop or a permission problem hides whether the file is there.
  ctx.problem(std::string(probe), std::string(path), real.error);
  return ctx.fs.exists(path);
}

}  // namespace gpudoctor::probe
