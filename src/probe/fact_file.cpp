#include "probe/fact_file.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "util/strings.hpp"

namespace gpudoctor::probe {

namespace {

// Length of the valid UTF-8 sequence at s[i], 0 when there is none.
size_t utf8_len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1fu) : n == 3 ? (c & 0x0fu) : (c & 0x07u);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3fu);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

}  // namespace

std::string fact_text(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    size_t n = utf8_len(bytes, i);
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7f) && c != '\t')) {
      out += '?';
      i += n ? n : 1;
      continue;
    }
    out.append(bytes.substr(i, n));
    i += n;
  }
  return out;
}

void report(ProbeContext& ctx, std::string_view probe, std::string_view path, std::string_view error) {
  ctx.problem(std::string(probe), fact_text(path), fact_text(error));
}

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
    report(ctx, probe, path, real.error);
    return out;
  }
  auto text = ctx.fs.read(*real, max_bytes, &out.truncated);
  if (!text) {
    out.status = FactFile::Status::kFailed;
    out.error = text.error;
    report(ctx, probe, path, text.error);
    return out;
  }
  out.status = FactFile::Status::kOk;
  out.text = std::move(*text);
  if (out.truncated)
    report(ctx, probe, path, "larger than " + std::to_string(max_bytes) + " bytes, only the start was read");
  return out;
}

bool fact_exists(ProbeContext& ctx, std::string_view probe, std::string_view path) {
  auto real = ctx.fs.resolve(path);
  if (real) return true;
  // A dangling link counts as absent, as access(F_OK) would say.
  if (is_not_found(real.error)) return false;
  // A loop or a permission problem hides whether the file is there.
  report(ctx, probe, path, real.error);
  return ctx.fs.exists(path);
}

}  // namespace gpudoctor::probe
