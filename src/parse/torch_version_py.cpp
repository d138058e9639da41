#include "parse/torch_version_py.hpp"

#include <cctype>

#include "parse/py_literal.hpp"
#include "util/strings.hpp"

namespace gpudoctor::parse {

std::string cuda_from_torch_tag(std::string_view tag) {
  if (!util::starts_with(tag, "cu") || tag.size() < 4) return "";
  std::string_view d = tag.substr(2);
  for (char c : d)
    if (!std::isdigit(static_cast<unsigned char>(c))) return "";
  // The last digit is the minor: cu118 = 11.8, cu92 = 9.2, cu130 = 13.0.
  return std::string(d.substr(0, d.size() - 1)) + "." + std::string(d.substr(d.size() - 1));
}

ParseResult<TorchVersionInfo> parse_torch_version_py(std::string_view text) {
  TorchVersionInfo t;
  bool have_version = false;
  for (const auto& [name, v] : parse_py_assignments(text)) {
    std::string s = v.kind == PyValue::Kind::string ? v.text : "";
    if (name == "__version__") {
      t.version = s;
      have_version = !s.empty();
    } else if (name == "cuda") {
      t.cuda = s;
    } else if (name == "hip") {
      t.hip = s;
    } else if (name == "xpu") {
      t.xpu = s;
    } else if (name == "git_version") {
      t.git_version = s;
    } else if (name == "debug") {
      t.debug = v.kind == PyValue::Kind::boolean && v.b;
    }
  }
  if (!have_version) return ParseResult<TorchVersionInfo>::fail("no __version__ assignment");
  auto plus = t.version.find('+');
  if (plus != std::string::npos) t.local_tag = t.version.substr(plus + 1);
  return ParseResult<TorchVersionInfo>::ok(std::move(t));
}

}  // namespace gpudoctor::parse
