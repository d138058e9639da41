#include "parse/cuda_version_json.hpp"

#include <nlohmann/json.hpp>

namespace gpudoctor::parse {

ParseResult<CudaVersionJson> parse_cuda_version_json(std::string_view text) {
  auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return ParseResult<CudaVersionJson>::fail("invalid json");
  if (!doc.is_object()) return ParseResult<CudaVersionJson>::fail("version.json is not an object");
  CudaVersionJson out;
  for (const auto& [key, value] : doc.items()) {
    if (!value.is_object()) continue;
    auto it = value.find("version");
    if (it == value.end() || !it->is_string()) continue;
    std::string v = it->get<std::string>();
    if (key == "cuda") out.cuda_version = v;
    out.components[key] = std::move(v);
  }
  if (out.components.empty()) return ParseResult<CudaVersionJson>::fail("no component versions in version.json");
  return ParseResult<CudaVersionJson>::ok(std::move(out));
}

}  // namespace gpudoctor::parse
