#pragma once
// The "Frameworks" block of the text report: one verdict line per install (✓ / ! / ✗)
// with the root cause and its fix under it.
#include <string>
#include <string_view>

#include "render/report.hpp"

namespace gpudoctor::render {

// `framework` narrows the block (--framework tensorflow|torch|jax); "" shows all.
std::string render_frameworks_section(const Report& r, const TextOptions& opt, std::string_view framework = "");

}  // namespace gpudoctor::render
