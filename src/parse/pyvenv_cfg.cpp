#include "parse/pyvenv_cfg.hpp"

#include "util/strings.hpp"

namespace gpudoctor::parse {

ParseResult<PyvenvCfg> parse_pyvenv_cfg(std::string_view text) {
  PyvenvCfg c;
  c.creator = "venv";
  bool any = false;
  for (const auto& raw : util::split_lines(text)) {
    std::string_view line = util::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = util::to_lower(util::trim(line.substr(0, eq)));
    std::string value(util::trim(line.substr(eq + 1)));
    any = true;
    if (key == "home") c.home = value;
    else if (key == "include-system-site-packages") c.include_system_site_packages = util::to_lower(value) == "true";
    else if (key == "version" || (key == "version_info" && c.version.empty())) c.version = value;
    else if (key == "executable" || key == "base-executable") { if (c.executable.empty()) c.executable = value; }
    else if (key == "base-prefix") c.base_prefix = value;
    else if (key == "virtualenv") c.creator = "virtualenv " + value;
    else if (key == "uv") c.creator = "uv " + value;
  }
  if (!any) return ParseResult<PyvenvCfg>::fail("no key = value lines");
  // virtualenv writes version_info as "3.11.7.final.0".
  auto parts = util::split(c.version, '.');
  if (parts.size() > 3) c.version = util::version_prefix(c.version, 3);
  return ParseResult<PyvenvCfg>::ok(std::move(c));
}

}  // namespace gpudoctor::parse
