#pragma once
// What the probes could not read, in every format. An unreadable file is not a healthy
// one (osquery's counter-lesson): the report says what it could not see, with the path
// and the errno text, so a reader knows which part of the verdict rests on less.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/report.hpp"

namespace gpudoctor::render {

struct ProblemLine {
  std::string probe;  // "pci", "libraries", "toolkit", "frameworks", ...
  std::string path;   // what could not be read (for a toolkit root or framework install: its folder)
  std::string error;  // "permission denied", "could not read …/build_info.py: permission denied"
};

// facts.problems, then each toolkit root's and each framework install's problems (after
// --framework), in that order.
std::vector<ProblemLine> collect_problems(const Report& r);

// "could not read (…):" and one indented line per problem; "" when there is none.
std::string render_problems_text(const Report& r, bool unicode);
nlohmann::ordered_json problems_json(const Report& r);  // documented in docs/json-schema.md
std::string problems_markdown(const Report& r);         // "### Could not read" and a list; "" when none

// The verdict on the whole report for people, one line ("the GPU should be usable",
// "whether the GPU is usable is unknown", ...), for the formats that state it in prose.
std::string verdict_phrase(const Report& r);

}  // namespace gpudoctor::render
