#include "cli/presentation.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "probe/probe_context.hpp"

namespace gpudoctor::cli {

render::RedactOptions redact_options(const GlobalOptions& g, bool markdown) {
  render::RedactOptions o;
  if (g.no_redact) {
    static bool warned = false;
    if (!warned)
      std::fprintf(stderr,
                   "gpudoctor: warning: --no-redact: this output shows secret values, user and host names; "
                   "do not post it in public\n");
    warned = true;
    o.level = render::RedactLevel::none;
    return o;
  }
  o.level = g.redact == "identity"  ? render::RedactLevel::identity
            : g.redact == "secrets" ? render::RedactLevel::secrets
            : markdown              ? render::RedactLevel::identity
                                    : render::RedactLevel::secrets;
  o.secret_values = render::secrets_of_environment(probe::current_environment());
  if (const passwd* pw = ::getpwuid(::getuid())) {
    o.identity.user = pw->pw_name ? pw->pw_name : "";
    o.identity.home = pw->pw_dir ? pw->pw_dir : "";
  }
  if (const char* home = std::getenv("HOME"); home && *home) o.identity.home = home;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) o.identity.host = host;
  return o;
}

render::TerminalStyle terminal_style(const GlobalOptions& g, int fd) {
  return render::terminal_style(render::TerminalEnv::current(), ::isatty(fd) != 0, g.no_color, g.ascii);
}

std::string for_terminal(std::string text, const render::TerminalStyle& st, bool json) {
  if (st.utf8) return text;
  return json ? render::json_to_ascii(text) : render::to_ascii(text);
}

}  // namespace gpudoctor::cli
