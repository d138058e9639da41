#include "explain/paste_text.hpp"

#include <cstring>

#include "util/strings.hpp"

namespace gpudoctor::explain {
namespace {

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "&lt;" -> "<" etc.; numeric entities below 128 only (the rest stay as written).
void decode_entities(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 8) {
      out += s[i];
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    char c = 0;
    if (ent == "lt") c = '<';
    else if (ent == "gt") c = '>';
    else if (ent == "amp") c = '&';
    else if (ent == "quot") c = '"';
    else if (ent == "apos") c = '\'';
    else if (ent == "nbsp") c = ' ';
    else if (ent.size() >= 2 && ent[0] == '#') {
      bool hex = ent[1] == 'x' || ent[1] == 'X';
      auto digits = ent.substr(hex ? 2 : 1);
      unsigned v = 0;
      bool ok = !digits.empty();
      for (char d : digits) {
        int x = (d >= '0' && d <= '9') ? d - '0' : (hex && d >= 'a' && d <= 'f') ? d - 'a' + 10
                                                : (hex && d >= 'A' && d <= 'F') ? d - 'A' + 10 : -1;
        if (x < 0 || v > 0xffff) ok = false;
        else v = v * (hex ? 16u : 10u) + static_cast<unsigned>(x);
      }
      if (ok && v > 0 && v < 128) c = static_cast<char>(v);
    }
    if (c == 0) {
      out += s[i];
      continue;
    }
    out += c;
    i = semi;
  }
}

// A shell prompt in front of a command: "$ ", "# ", "user@host:~/dir$ ", "(venv) $ ",
// "PS C:\Users\me> ", "C:\Users\me>". Returns the prompt's length, 0 when none.
size_t shell_prompt(std::string_view s) {
  if (starts(s, "$ ") || starts(s, "# ")) return 2;
  if (starts(s, "PS ")) {
    size_t gt = s.substr(0, 160).find("> ");
    if (gt != std::string_view::npos) return gt + 2;
  }
  // "(env) user@host:path$ " / "user@host:path# " / "[user@host dir]$ "
  size_t at = s.substr(0, 64).find('@');
  if (at != std::string_view::npos) {
    for (std::string_view end : {"$ ", "# "}) {
      size_t e = s.substr(0, 160).find(end, at);
      if (e == std::string_view::npos) continue;
      if (s.substr(at, e - at).find(' ') == std::string_view::npos) return e + 2;
      if (s[0] == '[') return e + 2;
    }
  }
  if (starts(s, "(")) {  // "(venv) $ "
    size_t close = s.substr(0, 64).find(") ");
    if (close != std::string_view::npos) {
      auto rest = s.substr(close + 2);
      if (starts(rest, "$ ") || starts(rest, "# ")) return close + 4;
      size_t p = shell_prompt(rest);
      if (p) return close + 2 + p;
    }
  }
  return 0;
}

}  // namespace

CleanSegment clean_segment(std::string_view s, std::string& buf) {
  CleanSegment out;
  out.text = s;
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  bool amp = std::memchr(s.data(), '&', s.size()) != nullptr;
  if (i == s.size()) return out;
  char c = s[i];
  // The cheap exit: nothing a report adds starts with another character.
  if (!amp && c != '>' && c != '$' && c != '#' && c != 'P' && c != 'I' && c != 'O' && c != '`' && c != '~' &&
      c != '(' && c != '.' && c != '[' && !(c >= 'a' && c <= 'z'))
    return out;
  std::string_view t = s.substr(i);
  if (starts(t, "```") || starts(t, "~~~")) {
    out.fence = true;
    return out;
  }
  // Markdown quote markers, possibly nested ("> > "), but not a Python prompt.
  while (!t.empty() && t[0] == '>' && !starts(t, ">>>")) {
    t.remove_prefix(1);
    while (!t.empty() && t[0] == ' ') t.remove_prefix(1);
    if (starts(t, "```") || starts(t, "~~~")) {
      out.fence = true;
      return out;
    }
  }
  if (starts(t, ">>> ") || starts(t, ">>>\t") || t == ">>>") {
    t.remove_prefix(std::min<size_t>(4, t.size()));
    out.prompt = Prompt::python;
  } else if (starts(t, "... ")) {
    t.remove_prefix(4);
    out.prompt = Prompt::python;
  } else if ((starts(t, "In [") || starts(t, "Out[")) && t.find("]: ") != std::string_view::npos &&
             t.find("]: ") < 12) {
    out.prompt = starts(t, "In [") ? Prompt::python : Prompt::ipython_out;
    t.remove_prefix(t.find("]: ") + 3);
  } else if (size_t p = shell_prompt(t)) {
    out.prompt = starts(t, "PS ") ? Prompt::powershell : Prompt::shell;
    t.remove_prefix(p);
  }
  if (amp && t.find('&') != std::string_view::npos) {
    std::string tmp;
    decode_entities(t, tmp);
    buf.swap(tmp);
    out.text = buf;
    return out;
  }
  out.text = t;
  return out;
}

}  // namespace gpudoctor::explain
