#pragma once
// Folds node names the way ClusterShell's `nodeset -f` does: gpu001 gpu002 gpu004 ->
// gpu[001-002,004]. Names are split into text and digit runs; names with the same text
// runs fold together. Within one position numbers sort by (width, value), and two are a
// range when their values follow each other and they have the same width or neither is
// zero-padded (gpu[9-11], gpu[08-10], gpu[8-9,08-10]). Several digit runs fold from the
// last one back (r[1-2]n[1-2]; r1n[1-2],r2n1), larger entries first. Text-only names stay;
// patterns are listed in byte order of their text with "%s" for each number, as
// ClusterShell sorts them. tests/deploy/nodeset_test.cpp compares with `nodeset -f`.
#include <string>
#include <vector>

namespace gpudoctor::fleet {

std::string fold_nodeset(const std::vector<std::string>& names);

}  // namespace gpudoctor::fleet
