#include "render/redact.hpp"

#include <algorithm>
#include <cctype>

#include "util/strings.hpp"

namespace gpudoctor::render {
namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool token_char(char c) { return alnum(c) || c == '_' || c == '-'; }
bool base64_char(char c) { return alnum(c) || c == '+' || c == '/'; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

// `word` in `s` wherever neither neighbour is a character of `is_word`.
template <class IsWord>
void replace_word(std::string& s, std::string_view word, std::string_view to, IsWord is_word) {
  if (word.empty()) return;
  size_t pos = s.find(word);
  while (pos != std::string::npos) {
    size_t end = pos + word.size();
    bool left = pos == 0 || !is_word(s[pos - 1]);
    bool right = end == s.size() || !is_word(s[end]);
    if (left && right) {
      s.replace(pos, word.size(), to);
      pos = s.find(word, pos + to.size());
    } else {
      pos = s.find(word, pos + 1);
    }
  }
}

// The mark explain's quote_line puts where it cut a long line.
constexpr std::string_view kCut = "\xe2\x80\xa6";

// scheme://user:pass@host -> scheme://***@host. The userinfo ends at the first '@' before any
// blank or quote; a candidate with a '/' and no ':' is a path holding an address
// (https://host/u@x), not userinfo.
std::string redact_url_userinfo(std::string_view s) {
  std::string out;
  size_t copied = 0;
  for (size_t pos = s.find("://"); pos != std::string_view::npos; pos = s.find("://", pos + 3)) {
    size_t start = pos;
    while (start > 0 && (alnum(s[start - 1]) || s[start - 1] == '+' || s[start - 1] == '.' || s[start - 1] == '-'))
      --start;
    if (start == pos || !alpha(s[start])) continue;
    size_t info = pos + 3, at = std::string_view::npos;
    for (size_t i = info; i < s.size(); ++i) {
      char c = s[i];
      if (space(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`') break;
      if (c == ':' && s.substr(i, 3) == "://") break;
      if (c == '@') {
        at = i;
        break;
      }
      // A quote cut inside the URL (explain caps quoted lines with '…'): what was before the
      // cut may be the start of a password.
      if (s.substr(i, kCut.size()) == kCut) {
        if (s.substr(info, i - info).find(':') != std::string_view::npos) at = i;
        break;
      }
    }
    if (at == std::string_view::npos || at == info || at < copied) continue;
    std::string_view cand = s.substr(info, at - info);
    if (cand.find('/') != std::string_view::npos && cand.find(':') == std::string_view::npos) continue;
    out.append(s.substr(copied, info - copied));
    out += "***";
    copied = at;
  }
  out.append(s.substr(copied));
  return out;
}

// user:pass@host without a scheme (proxy variables accept it): the part before '@' back to a
// separator, when it holds a ':'.
std::string redact_bare_userinfo(std::string_view s) {
  std::string out(s);
  for (size_t at = out.find('@'); at != std::string::npos; at = out.find('@', at + 1)) {
    size_t start = at;
    while (start > 0 && !space(out[start - 1]) &&
           std::string_view(",;=\"'/@").find(out[start - 1]) == std::string_view::npos)
      --start;
    std::string_view cand = std::string_view(out).substr(start, at - start);
    if (cand.find(':') == std::string_view::npos || cand == "***") continue;
    out.replace(start, at - start, "***");
    at = start + 3;
  }
  return out;
}

// Tokens that are keys by their prefix, wherever they are: NGC (nvapi-), Hugging Face (hf_),
// GitHub (ghp_ gho_ ghu_ ghs_ ghr_ github_pat_), GitLab (glpat-), OpenAI (sk-), Slack (xox?-),
// AWS access key ids (AKIA/ASIA + 16), Google API keys (AIza + 35).
// A token cut by a quote's '…' needs only a few characters after its prefix.
bool key_token(std::string_view t, bool cut) {
  auto body_after = [&](std::string_view prefix, size_t min) {
    return util::starts_with(t, prefix) && t.size() >= prefix.size() + (cut ? std::min<size_t>(min, 4) : min);
  };
  auto has_digit_and_letter = [](std::string_view b) {
    return std::any_of(b.begin(), b.end(), digit) && std::any_of(b.begin(), b.end(), alpha);
  };
  if (body_after("nvapi-", 20) || body_after("github_pat_", 30) || body_after("glpat-", 20)) return true;
  // Their bodies are plain letters and digits; an identifier such as hf_hub_download_... has '_'.
  for (std::string_view p : {"hf_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    std::string_view body = t.substr(std::min(p.size(), t.size()));
    if (body_after(p, 30) && std::all_of(body.begin(), body.end(), alnum)) return true;
  }
  if (body_after("sk-", 20) && (cut || has_digit_and_letter(t.substr(3)))) return true;
  if (t.size() >= 15 && util::starts_with(t, "xox") &&
      std::string_view("abeprs").find(t[3]) != std::string_view::npos && t[4] == '-')
    return true;
  for (std::string_view p : {"AKIA", "ASIA"})
    if (t.size() == 20 && util::starts_with(t, p) &&
        std::all_of(t.begin(), t.end(), [](char c) { return digit(c) || (c >= 'A' && c <= 'Z'); }))
      return true;
  return t.size() == 39 && util::starts_with(t, "AIza");
}

std::string redact_key_tokens(std::string_view s) {
  std::string out;
  size_t copied = 0, i = 0;
  while (i < s.size()) {
    if (!token_char(s[i]) || (i > 0 && token_char(s[i - 1]))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < s.size() && token_char(s[end])) ++end;
    if (key_token(s.substr(i, end - i), s.substr(end, kCut.size()) == kCut)) {
      out.append(s.substr(copied, i - copied));
      out += redacted_placeholder(end - i);
      copied = end;
    }
    i = end;
  }
  if (copied == 0) return std::string(s);
  out.append(s.substr(copied));
  return out;
}

// Runs of base64 characters that look random: 24+ long with letters and digits. A run that
// is part of a path (starts with '/', or follows '/', '~' or '.') is a file name, and one with
// '/' inside must also mix upper and lower case to count.
bool key_run(std::string_view run, char before) {
  if (run.size() < 24) return false;
  bool d = false, lo = false, up = false;
  for (char c : run) {
    d = d || digit(c);
    lo = lo || (c >= 'a' && c <= 'z');
    up = up || (c >= 'A' && c <= 'Z');
  }
  if (!d || !(lo || up)) return false;
  if (run.find('/') == std::string_view::npos) return true;
  return run[0] != '/' && before != '/' && before != '~' && before != '.' && lo && up;
}

std::string redact_key_runs(std::string_view s) {
  std::string out;
  size_t copied = 0, i = 0;
  while (i < s.size()) {
    if (!base64_char(s[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < s.size() && base64_char(s[end])) ++end;
    size_t stop = end;
    while (stop < s.size() && s[stop] == '=' && stop - end < 2) ++stop;  // base64 padding
    if (key_run(s.substr(i, end - i), i > 0 ? s[i - 1] : '\0')) {
      out.append(s.substr(copied, i - copied));
      out += redacted_placeholder(stop - i);
      copied = stop;
    }
    i = stop == end ? end : stop;
  }
  if (copied == 0) return std::string(s);
  out.append(s.substr(copied));
  return out;
}

std::string secrets_text(std::string_view s, const std::vector<std::string>& secrets) {
  std::string out = redact_key_tokens(redact_url_userinfo(s));
  for (const auto& v : secrets) replace_all(out, v, redacted_placeholder(v.size()));
  // A quote cut inside a secret ends with its first bytes, then '…'.
  for (size_t cut = out.find(kCut); cut != std::string::npos; cut = out.find(kCut, cut + kCut.size())) {
    for (const auto& v : secrets) {
      size_t best = 0;
      for (size_t n = std::min(v.size() - 1, cut); n >= 4; --n)
        if (out.compare(cut - n, n, v, 0, n) == 0) {
          best = n;
          break;
        }
      if (best) {
        std::string ph = redacted_placeholder(v.size());
        out.replace(cut - best, best, ph);
        cut = cut - best + ph.size();
        break;
      }
    }
  }
  return out;
}

// Account names that come with an image or a platform: not personal, and words a report
// prints for other reasons ("root cause", os "ubuntu"). Only their home directory and the
// user field are replaced.
bool stock_account(std::string_view user) {
  static constexpr std::string_view kStock[] = {"root",   "ubuntu", "debian",    "admin",    "user",
                                                "ec2-user", "centos", "fedora", "cloud-user", "azureuser",
                                                "jovyan", "runner", "vagrant",   "nvidia",   "cuda",
                                                "docker", "opc",    "core",      "pi",       "nobody"};
  return std::find(std::begin(kStock), std::end(kStock), user) != std::end(kStock);
}

bool everyday_word(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](char c) { return alpha(c) || c == '_' || c == '-'; }) &&
         (std::all_of(v.begin(), v.end(), [](char c) { return !(c >= 'A' && c <= 'Z'); }) ||
          std::all_of(v.begin(), v.end(), [](char c) { return !(c >= 'a' && c <= 'z'); }));
}

void add_unique(std::vector<std::string>& v, std::string s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// The passwords of the URLs (and bare user:pass@host) in `value`. Other facts hold pieces of
// the same value (LD_LIBRARY_PATH split at ':' cuts a URL in three), where no URL is left to
// recognise: the password itself is scrubbed wherever it turns up.
void add_userinfo_passwords(std::string_view value, std::vector<std::string>& out) {
  for (size_t at = value.find('@'); at != std::string_view::npos; at = value.find('@', at + 1)) {
    size_t start = at;
    while (start > 0 && !space(value[start - 1]) &&
           std::string_view(",;=\"'/@").find(value[start - 1]) == std::string_view::npos)
      --start;
    std::string_view info = value.substr(start, at - start);
    size_t colon = info.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view password = info.substr(colon + 1);
    if (password.size() >= 6) add_unique(out, std::string(password));
  }
}

void longest_first(std::vector<std::string>& v) {
  std::stable_sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

}  // namespace

bool secret_name(std::string_view name) {
  static constexpr std::string_view kWords[] = {"KEY",  "TOKEN",  "SECRET",  "PASS",   "PASSWD",
                                                "PASSWORD", "CREDENTIAL", "AUTH", "COOKIE", "SESSION",
                                                "PRIVATE"};
  std::string upper = util::to_upper(name);
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [&](std::string_view w) { return upper.find(w) != std::string::npos; });
}

std::string redacted_placeholder(size_t length) {
  if (length < 8) return "<redacted 1-7 chars>";
  if (length < 16) return "<redacted 8-15 chars>";
  if (length < 32) return "<redacted 16-31 chars>";
  if (length < 64) return "<redacted 32-63 chars>";
  return "<redacted 64+ chars>";
}

std::vector<std::string> secrets_of_environment(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (const auto& [k, v] : env) {
    add_userinfo_passwords(v, out);
    if (v.size() < 8 || v[0] == '/') continue;
    if (secret_name(k) && !everyday_word(v)) add_unique(out, v);
    else if (redact_key_runs(v) != v || redact_key_tokens(v) != v) add_unique(out, v);
  }
  longest_first(out);
  return out;
}

Redactor::Redactor(const RedactOptions& opt, const facts::Facts& f, const kb::EnvVarList& allow)
    : level_(opt.level), allow_(allow) {
  if (level_ == RedactLevel::none) return;
  for (const auto& v : opt.secret_values)
    if (v.size() >= 6) add_unique(secrets_, v);
  for (const auto& [k, v] : f.env.vars) {
    if (secret_name(k) && v.size() >= 6 && v[0] != '/' && !everyday_word(v)) add_unique(secrets_, v);
    add_userinfo_passwords(v, secrets_);
  }
  longest_first(secrets_);
  if (level_ != RedactLevel::identity) return;
  for (const std::string& user : {opt.identity.user, f.env.user}) {
    if (user.empty()) continue;
    if (!stock_account(user) && user.size() >= 2) add_unique(users_, user);
    if (user == "root") {
      add_unique(homes_, "/root");
    } else {
      add_unique(homes_, "/home/" + user);
      add_unique(homes_, "/Users/" + user);
    }
  }
  if (opt.identity.home.size() > 1) add_unique(homes_, opt.identity.home);
  const std::string& host = opt.identity.host;
  if (host.size() >= 2 && host != "localhost" && host != "(none)") {
    add_unique(hosts_, host);
    if (auto dot = host.find('.'); dot != std::string::npos && dot >= 2) add_unique(hosts_, host.substr(0, dot));
  }
  longest_first(homes_);
  longest_first(hosts_);
}

std::string Redactor::identity_text(std::string s) const {
  auto path_char = [](char c) { return alnum(c) || c == '_' || c == '.' || c == '-' || c == '~' || c == '/'; };
  for (const auto& home : homes_) {
    size_t pos = s.find(home);
    while (pos != std::string::npos) {
      size_t end = pos + home.size();
      bool left = pos == 0 || !path_char(s[pos - 1]);
      bool right = end == s.size() || s[end] == '/' || !path_char(s[end]);
      if (left && right) {
        s.replace(pos, home.size(), "~");
        pos = s.find(home, pos + 1);
      } else {
        pos = s.find(home, pos + 1);
      }
    }
  }
  for (const auto& h : hosts_) replace_word(s, h, "<host>", token_char);
  for (const auto& u : users_) replace_word(s, u, "<user>", alnum);
  return number_ids(s);
}

// UUIDs (GPU-..., MIG-...) -> <uuid-N>; hex runs of 32+ digits (machine-id, boot id,
// container ids) -> <id-N>. The same id keeps its placeholder through one Redactor.
std::string Redactor::number_ids(std::string_view s) const {
  static constexpr int kGroups[] = {8, 4, 4, 4, 12};
  std::string out;
  size_t copied = 0, i = 0;
  while (i < s.size()) {
    if (!hex(s[i]) || (i > 0 && alnum(s[i - 1]))) {
      ++i;
      continue;
    }
    // A UUID: 8-4-4-4-12 hex digits, not inside a longer word.
    size_t p = i;
    bool uuid = true;
    for (int g = 0; g < 5 && uuid; ++g) {
      for (int k = 0; k < kGroups[g]; ++k, ++p)
        if (p >= s.size() || !hex(s[p])) uuid = false;
      if (uuid && g < 4) uuid = p < s.size() && s[p++] == '-';
    }
    uuid = uuid && (p == s.size() || !alnum(s[p]));
    size_t end = i;
    if (uuid) {
      end = p;
    } else {
      while (end < s.size() && hex(s[end])) ++end;
      if (end - i < 32 || (end < s.size() && alnum(s[end]))) {
        i = end;
        continue;
      }
    }
    std::string key = util::to_lower(s.substr(i, end - i));
    auto it = ids_.find(key);
    if (it == ids_.end())
      it = ids_.emplace(key, uuid ? "<uuid-" + std::to_string(++uuid_count_) + ">"
                                  : "<id-" + std::to_string(++id_count_) + ">").first;
    out.append(s.substr(copied, i - copied));
    out += it->second;
    copied = i = end;
  }
  if (copied == 0) return std::string(s);
  out.append(s.substr(copied));
  return out;
}

std::string Redactor::text(std::string_view s) const {
  if (level_ == RedactLevel::none) return std::string(s);
  std::string out = secrets_text(s, secrets_);
  return level_ == RedactLevel::identity ? identity_text(std::move(out)) : out;
}

std::string Redactor::env_value(std::string_view name, std::string_view value) const {
  if (level_ == RedactLevel::none || value.empty()) return std::string(value);
  std::string v = secret_name(name) ? redacted_placeholder(value.size())
                                    : secrets_text(redact_key_runs(redact_bare_userinfo(value)), secrets_);
  return level_ == RedactLevel::identity ? identity_text(std::move(v)) : v;
}

facts::Facts Redactor::facts(const facts::Facts& f) const {
  if (level_ == RedactLevel::none) return f;
  facts::Facts out = f;
  out.env.vars.clear();
  out.env.redacted.clear();
  for (const auto& [k, v] : f.env.vars) {
    if (!allow_.shown(k)) continue;
    std::string shown = env_value(k, v);
    // Listed when the secrets pass changed it (identity placeholders are not secrets).
    if (!v.empty() && util::contains(shown, "<redacted ")) out.env.redacted.push_back(k);
    out.env.vars[k] = std::move(shown);
  }
  if (level_ == RedactLevel::identity && !out.env.user.empty()) out.env.user = "<user>";
  return out;
}

namespace {

template <class Json>
void walk(Json& j, const Redactor& r) {
  if (j.is_string()) {
    j = r.text(j.template get_ref<const std::string&>());
  } else if (j.is_array()) {
    for (auto& e : j) walk(e, r);
  } else if (j.is_object()) {
    Json out = Json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      walk(it.value(), r);
      out[r.text(it.key())] = std::move(it.value());
    }
    j = std::move(out);
  }
}

}  // namespace

std::string redaction_notice(RedactLevel level) {
  switch (level) {
    case RedactLevel::identity:
      return "_Redacted for posting: secret values (`<redacted ...>`), user name (`<user>`), host name (`<host>`), "
             "home directory (`~`) and machine ids (`<id-N>`, `<uuid-N>`); `gpudoctor --no-redact --markdown` "
             "shows them._\n";
    case RedactLevel::secrets:
      return "_Secret values redacted (`<redacted ...>`); user, host and home directory shown "
             "(`--redact=identity` hides them)._\n";
    case RedactLevel::none:
      return "_Not redacted (`--no-redact`): this report may hold secrets, user and host names. Do not post it "
             "in public._\n";
  }
  return "";
}

std::string markdown_escape_placeholders(const std::string& md) {
  static constexpr std::string_view kPlaceholders[] = {"<user>", "<host>", "<redacted ", "<id-", "<uuid-"};
  std::string out;
  out.reserve(md.size());
  bool fence = false, span = false;
  size_t line_start = 0;
  for (size_t i = 0; i < md.size(); ++i) {
    if (i == line_start) {
      if (md.compare(i, 3, "```") == 0) fence = !fence;
      span = false;
    }
    char c = md[i];
    if (c == '\n') line_start = i + 1;
    if (!fence && c == '`') span = !span;
    if (!fence && !span && c == '<') {
      std::string_view rest = std::string_view(md).substr(i);
      bool placeholder = false;
      for (auto p : kPlaceholders) placeholder = placeholder || rest.substr(0, p.size()) == p;
      if (placeholder) {
        out += "&lt;";
        continue;
      }
    }
    out += c;
  }
  return out;
}

void Redactor::json(nlohmann::json& j) const {
  if (level_ != RedactLevel::none) walk(j, *this);
}

void Redactor::json(nlohmann::ordered_json& j) const {
  if (level_ != RedactLevel::none) walk(j, *this);
}

}  // namespace gpudoctor::render
