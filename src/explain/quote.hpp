#pragma once
// Log lines are quoted back to the user and into JSON, which must be valid UTF-8: invalid
// bytes become U+FFFD, control characters become spaces, and long lines are cut.
#include <string>
#include <string_view>

namespace gpudoctor::explain {

inline constexpr size_t kMaxQuote = 400;

std::string quote_line(std::string_view raw, size_t max_bytes = kMaxQuote);

}  // namespace gpudoctor::explain
