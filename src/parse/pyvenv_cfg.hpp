#pragma once
// pyvenv.cfg, written by `python -m venv`, virtualenv and uv at the root of an
// environment: "key = value" lines (PEP 405).
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct PyvenvCfg {
  std::string home;                       // directory of the base interpreter
  bool include_system_site_packages = false;
  std::string version;                    // "3.11.7" (venv: version, virtualenv/uv: version_info)
  std::string executable;                 // base interpreter (venv 3.11+)
  std::string base_prefix;                // virtualenv
  std::string creator;                    // "venv", "virtualenv 20.25.0", "uv 0.4.0"
};

ParseResult<PyvenvCfg> parse_pyvenv_cfg(std::string_view text);

}  // namespace gpudoctor::parse
