#pragma once
// Everything the probes collected: typed, and serialisable to JSON so a facts file
// collected on one machine diagnoses the same way on another.
#include <string>
#include <vector>

#include "facts/driver_facts.hpp"
#include "facts/env_facts.hpp"
#include "facts/framework_facts.hpp"
#include "facts/host_facts.hpp"
#include "facts/library_facts.hpp"
#include "facts/live_facts.hpp"
#include "facts/pci_facts.hpp"
#include "facts/toolkit_facts.hpp"

namespace gpudoctor::facts {

inline constexpr int kFactsSchemaVersion = 1;

// Something a probe could not read; "unknown" is not "healthy", so it is reported.
struct ProbeProblem {
  std::string probe;  // "pci", "driver", ...
  std::string path;
  std::string error;  // "permission denied", "truncated at 1 MiB", ...
};
GD_JSON(ProbeProblem, probe, path, error)

struct Facts {
  int schema_version = kFactsSchemaVersion;
  std::string gpudoctor_version;
  std::string collected_at;  // ISO 8601 UTC
  std::string root = "/";    // root prefix the probes read under
  HostFacts host;
  PciFacts pci;
  KernelDriverFacts driver;
  LoaderFacts loader;
  std::vector<LibraryFacts> libraries;
  ToolkitFacts toolkit;
  EnvFacts env;
  FrameworkFacts frameworks;
  LiveFacts live;
  std::vector<ProbeProblem> problems;

  const LibraryFacts* library(std::string_view id) const {
    for (const auto& l : libraries)
      if (l.id == id) return &l;
    return nullptr;
  }
};
GD_JSON(Facts, schema_version, gpudoctor_version, collected_at, root, host, pci, driver, loader, libraries,
        toolkit, env, frameworks, live, problems)

}  // namespace gpudoctor::facts
