#pragma once
// What `gpudoctor selftest` prints: a table per GPU (measured / expected, verdict) and
// the findings; or one JSON object with the same rows.
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "findings/finding.hpp"
#include "live/selftest_judge.hpp"

namespace gpudoctor::live {

inline constexpr int kSelftestSchemaVersion = 1;

struct SelftestReport {
  facts::Facts facts;
  std::vector<SelftestRow> rows;
  std::vector<findings::Finding> findings;
};

std::string render_selftest_text(const SelftestReport& r, bool color);
// {"schema_version", "kind": "selftest", "gpu_usable", "rows", "findings", "facts"}; the
// facts object makes the output usable with `gpudoctor --facts`.
std::string render_selftest_json(const SelftestReport& r);
// "3.35 TB/s", "31.5 GB/s", "16.8M values"
std::string format_amount(double v, const std::string& unit);

}  // namespace gpudoctor::live
