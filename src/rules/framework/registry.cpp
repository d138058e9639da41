// Finding codes of the framework area (none yet).
#include "rules/registry.hpp"

namespace gpudoctor::rules {

std::span<const Rule> framework_rules() { return {}; }

}  // namespace gpudoctor::rules
