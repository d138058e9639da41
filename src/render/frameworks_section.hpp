#pragma once
// The per-install framework verdicts (Report::frameworks) in each format: the
// "Frameworks" block of the text report (one line per install, ✓ / ! / ✗, the root
// cause and its fix under it), the JSON "frameworks" array and a Markdown list.
#include <string>

#include <nlohmann/json.hpp>

#include "render/report.hpp"

namespace gpudoctor::render {

std::string render_frameworks_section(const Report& r, const TextOptions& opt);
nlohmann::ordered_json frameworks_json(const Report& r);  // documented in docs/json-schema.md
std::string frameworks_markdown(const Report& r);

}  // namespace gpudoctor::render
