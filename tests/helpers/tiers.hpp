#pragma once
// Test tiers that need something this machine may lack (the PyPI framework wheels,
// cuobjdump). A test of such a tier calls GD_TIER_UNAVAILABLE when the thing is missing:
// it skips, unless GD_REQUIRE_TIERS (a comma list, set by scripts/test.sh for the tiers CI
// expects) names the tier, in which case it fails. So a CI run cannot go green by
// quietly skipping a tier; opting out takes GD_SKIP_<TIER>="reason", which CI prints.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

namespace gdtest {

inline bool tier_required(std::string_view tier) {
  const char* v = std::getenv("GD_REQUIRE_TIERS");
  if (!v) return false;
  std::string_view list(v);
  while (!list.empty()) {
    size_t comma = list.find(',');
    if (list.substr(0, comma) == tier) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace gdtest

#define GD_TIER_UNAVAILABLE(tier, why)                                                                 \
  do {                                                                                                 \
    if (::gdtest::tier_required(tier))                                                                 \
      FAIL() << "tier '" << (tier) << "' is required (GD_REQUIRE_TIERS) but unavailable: " << why;     \
    else                                                                                               \
      GTEST_SKIP() << "tier '" << (tier) << "' unavailable: " << why;                                  \
  } while (0)
