#pragma once
// Facts fixtures for rule tests: a healthy machine read from JSON, which each
// test bends into one broken state.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "facts/facts.hpp"
#include "kb/kb.hpp"
#include "rules/registry.hpp"

namespace gdtest {

inline gpudoctor::facts::Facts load_facts(const std::string& name) {
  std::ifstream in(std::string(GD_FIXTURES) + "/facts/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str()).get<gpudoctor::facts::Facts>();
}

inline const gpudoctor::kb::Kb& test_kb() {
  static const gpudoctor::kb::Kb kb = gpudoctor::kb::Kb::load();
  return kb;
}

inline std::vector<gpudoctor::findings::Finding> run(const gpudoctor::facts::Facts& f) {
  return gpudoctor::rules::run_rules(f, test_kb());
}

inline const gpudoctor::findings::Finding* find(const std::vector<gpudoctor::findings::Finding>& v,
                                                const std::string& code) {
  for (const auto& f : v)
    if (f.code == code) return &f;
  return nullptr;
}

// For a temporary list (find(run(f), ...)): a copy, since the list dies with the statement.
inline std::shared_ptr<const gpudoctor::findings::Finding> find(std::vector<gpudoctor::findings::Finding>&& v,
                                                                const std::string& code) {
  for (auto& f : v)
    if (f.code == code) return std::make_shared<const gpudoctor::findings::Finding>(std::move(f));
  return nullptr;
}

inline bool fires(const gpudoctor::facts::Facts& f, const std::string& code) { return find(run(f), code) != nullptr; }

inline gpudoctor::facts::Facts healthy() { return load_facts("healthy_h100.json"); }

// A machine like the CI box: CUDA 13 toolkit, stub libcuda, no GPU, no driver.
inline gpudoctor::facts::Facts no_gpu_box() {
  auto f = healthy();
  f.pci.gpus.clear();
  f.driver = {};
  f.libraries.erase(f.libraries.begin(), f.libraries.begin() + 2);  // libcuda, nvml
  gpudoctor::facts::LibraryFacts cuda;
  cuda.id = "libcuda";
  cuda.sonames_wanted = {"libcuda.so.1"};
  gpudoctor::facts::LibraryCandidate stub;
  stub.path = "/usr/local/cuda-13.0/lib64/stubs/libcuda.so";
  stub.is_stub = true;
  stub.found_via = "/usr/local/cuda*";
  cuda.candidates.push_back(stub);
  f.libraries.insert(f.libraries.begin(), cuda);
  return f;
}

}  // namespace gdtest
