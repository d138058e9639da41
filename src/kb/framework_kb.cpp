#include "kb/framework_kb.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace gpudoctor::kb {

std::optional<TfTested> tf_tested_config(const Kb& kb, std::string_view tf_version, bool windows) {
  const Table* t = kb.table("kb/tf_tested.tsv");
  if (!t) return std::nullopt;
  std::string mm = util::version_prefix(tf_version, 2);
  for (size_t r = 0; r < t->rows.size(); ++r) {
    if (t->get(r, "platform") != (windows ? "windows" : "linux") || t->get(r, "tf") != mm) continue;
    return TfTested{mm, t->get(r, "python_min"), t->get(r, "python_max"), t->get(r, "cuda"), t->get(r, "cudnn")};
  }
  return std::nullopt;
}

static std::string numeric_prefix(std::string_view v) {
  // "0.4.38.dev20260317" -> "0.4.38"; "0.6.2+cuda12" -> "0.6.2" (re [0-9]+(\.[0-9]+)*).
  std::string out;
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i;
    while (j < v.size() && std::isdigit(static_cast<unsigned char>(v[j]))) ++j;
    if (j == i) break;
    if (!out.empty()) out += '.';
    out += std::string(v.substr(i, j - i));
    if (j >= v.size() || v[j] != '.') break;
    i = j + 1;
  }
  return out;
}

bool jax_versions_match(std::string_view a, std::string_view b) { return numeric_prefix(a) == numeric_prefix(b); }

}  // namespace gpudoctor::kb
