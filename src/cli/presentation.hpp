#pragma once
// How outputs are presented: what they leave out (--redact, --no-redact) and which characters
// the reader's terminal can show (--ascii, the locale, TERM, NO_COLOR). Renderers take these
// decisions as options; this is where they are made from argv and the process environment.
#include <string>

#include "cli/options.hpp"
#include "render/redact.hpp"
#include "render/terminal.hpp"

namespace gpudoctor::cli {

// --no-redact: none (and a warning on stderr, once); --redact=secrets|identity; else identity
// for Markdown (a bug report to post) and secrets for everything else. The identity is this
// process's user, host and home; the secret values are those of its environment.
render::RedactOptions redact_options(const GlobalOptions& g, bool markdown);

// The style for output written to `fd`.
render::TerminalStyle terminal_style(const GlobalOptions& g, int fd);

// `text` as the terminal can show it: unchanged when UTF-8, else ASCII (JSON keeps its value
// through \u escapes).
std::string for_terminal(std::string text, const render::TerminalStyle& st, bool json = false);

}  // namespace gpudoctor::cli
