#pragma once
// What a report may show of the machine it describes. Reports get pasted into public issues
// and collected from fleets, so every output (text, JSON, Markdown, Prometheus, the facts file
// of `collect`, explain's reports) goes through a Redactor. Rules judge the real values; only
// what is written is redacted.
//
// RedactLevel::secrets (the default):
//   - the value of a variable whose name says it holds a secret (KEY, TOKEN, SECRET, PASS,
//     CREDENTIAL, AUTH, COOKIE, SESSION, PRIVATE anywhere in the name);
//   - the userinfo of any URL (scheme://user:pass@host -> scheme://***@host), wherever it is;
//   - values that look like keys under any name: runs of 24+ base64 characters with letters
//     and digits (not in paths), and tokens with a known key prefix (nvapi-, hf_, ghp_,
//     github_pat_, glpat-, sk-, xox?-, AKIA/ASIA, AIza) anywhere in the text;
//   - the exact values of the process environment's secrets, wherever they turn up.
//   A redacted value reads "<redacted 16-31 chars>": the variable was set, its value is gone.
// RedactLevel::identity adds: the user name -> <user>, the host name -> <host>, the home
// directory -> ~, and machine-like ids (UUIDs -> <uuid-N>, hex runs of 32+ digits such as
// machine-id, boot and container ids -> <id-N>, numbered in order of first appearance).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/facts.hpp"
#include "kb/env_vars.hpp"

namespace gpudoctor::render {

enum class RedactLevel { none, secrets, identity };

// This machine's identity as the CLI knows it. The facts record the user name of the machine
// they came from; the host name and home directory come only from here.
struct Identity {
  std::string user;
  std::string host;  // may be a fully qualified name
  std::string home;
};

struct RedactOptions {
  RedactLevel level = RedactLevel::secrets;
  Identity identity;
  // Values never to print, whatever the output: the CLI passes the secrets of its own
  // environment (see secrets_of_environment), including variables no report shows.
  std::vector<std::string> secret_values;
};

// A name that says its variable holds a secret (case-insensitive, anywhere in the name).
bool secret_name(std::string_view name);
// "<redacted 16-31 chars>": the length class of a redacted value of `length` bytes.
std::string redacted_placeholder(size_t length);
// Values of `env` worth scrubbing from any output: secret-named or key-looking, long enough
// not to be an everyday word, and not a path.
std::vector<std::string> secrets_of_environment(const std::map<std::string, std::string>& env);

// The first line of a Markdown report: what it leaves out and how to see it all.
std::string redaction_notice(RedactLevel level);
// Outside code spans and fences, a placeholder such as <user> would read as an HTML tag and
// vanish on GitHub: its '<' is written as &lt; there.
std::string markdown_escape_placeholders(const std::string& md);

class Redactor {
 public:
  // `allow` must outlive the Redactor.
  Redactor(const RedactOptions& opt, const facts::Facts& f,
           const kb::EnvVarList& allow = kb::EnvVarList::embedded());

  RedactLevel level() const { return level_; }
  // One allow-listed variable's value as outputs show it.
  std::string env_value(std::string_view name, std::string_view value) const;
  // The facts as written: only allow-listed variables, their values redacted (names listed in
  // env.redacted), the user replaced at identity level. Other fields go through text() when
  // rendered.
  facts::Facts facts(const facts::Facts& f) const;
  // Any text: URL userinfo, key-prefixed tokens, known secret values, and at identity level
  // the user, host, home and ids.
  std::string text(std::string_view s) const;
  // Every string (and object key) of `j` through text().
  void json(nlohmann::json& j) const;
  void json(nlohmann::ordered_json& j) const;

 private:
  std::string identity_text(std::string s) const;
  std::string number_ids(std::string_view s) const;

  RedactLevel level_;
  const kb::EnvVarList& allow_;
  std::vector<std::string> secrets_;  // exact values, longest first
  std::vector<std::string> homes_;    // -> "~", longest first
  std::vector<std::string> users_;    // -> "<user>" as whole words
  std::vector<std::string> hosts_;    // -> "<host>" as whole words, longest first
  // Placeholders of ids already seen, so one id keeps one placeholder through an output.
  mutable std::map<std::string, std::string> ids_;
  mutable int uuid_count_ = 0, id_count_ = 0;
};

}  // namespace gpudoctor::render
