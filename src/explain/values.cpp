#include "explain/values.hpp"

#include <cctype>

#include "explain/quote.hpp"
#include "rules/registry.hpp"
#include "util/strings.hpp"

namespace gpudoctor::explain {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

long long to_ll(std::string_view s) { return util::parse_int(s).value_or(0); }

std::string cap(std::string_view s, size_t n) {
  s = util::trim(s);
  if (s.size() <= n) return std::string(s);
  return std::string(s.substr(0, n)) + "...";
}

// cuDNN encodes versions as major*1000+minor*100+patch up to 8.x and major*10000+minor*100+
// patch from 9.0 (CUDNN_VERSION in cudnn_version.h); PyTorch prints a tuple "(8, 9, 2)".
std::string cudnn_version(std::string_view raw) {
  std::string s;
  for (char c : raw)
    if (c != ' ' && c != '(' && c != ')') s += c == ',' ? '.' : c;
  if (!all_digits(s)) return s;
  long long n = to_ll(s);
  long long major = n >= 10000 ? n / 10000 : n / 1000;
  long long rest = n >= 10000 ? n % 10000 : n % 1000;
  return std::to_string(major) + "." + std::to_string(rest / 100) + "." + std::to_string(rest % 100);
}

// CUDA versions as CUDA_VERSION / cudaRuntimeGetVersion give them: major*1000 + minor*10.
std::string cuda_version(std::string_view raw) {
  if (!all_digits(raw)) return std::string(raw);
  long long n = to_ll(raw);
  if (n < 1000) return std::string(raw);
  return std::to_string(n / 1000) + "." + std::to_string((n % 1000) / 10);
}

// "sm_86", "compute_90a", "86" -> "8.6"; "8.6" stays.
std::string compute_capability(std::string_view raw) {
  std::string digits;
  for (char c : raw)
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    else if (c == '.') return std::string(raw);
  if (digits.size() < 2) return std::string(raw);
  return digits.substr(0, digits.size() - 1) + "." + digits.substr(digits.size() - 1);
}

// Library versions as JAX prints them (cublasGetVersion etc.): major*1000+minor*100+patch,
// or major*10000+minor*100+patch once the minor needs two digits. Shown with the raw number.
std::string lib_version(std::string_view raw) {
  if (!all_digits(raw)) return std::string(raw);
  long long n = to_ll(raw);
  long long major = n >= 100000 ? n / 10000 : n / 1000;
  long long rest = n >= 100000 ? n % 10000 : n % 1000;
  return std::to_string(major) + "." + std::to_string(rest / 100) + "." + std::to_string(rest % 100) + " (" +
         std::string(raw) + ")";
}

std::string basename(std::string_view s) {
  s = util::trim(s);
  if (auto slash = s.find_last_of("/\\"); slash != std::string_view::npos) s.remove_prefix(slash + 1);
  return std::string(s);
}

const rules::RuleInfo* rule(std::string_view code) { return code.empty() ? nullptr : rules::find_rule(code); }

std::string lib_note(const LibInfo& l) {
  std::string out = l.what;
  if (!l.wanted_by.empty()) out += ", wanted by " + l.wanted_by;
  return out;
}

}  // namespace

namespace {

std::string read_value(std::string_view name, std::string_view raw);

}  // namespace

// Captures are log bytes: they go into messages and JSON, so they leave here valid UTF-8.
std::string normalize_value(std::string_view name, std::string_view raw) {
  return quote_line(read_value(name, raw), 200);
}

namespace {

std::string read_value(std::string_view name, std::string_view raw) {
  raw = util::trim(raw);
  if (util::starts_with(name, "cudnn_")) return cudnn_version(raw);
  if (util::starts_with(name, "cuda_")) return cuda_version(raw);
  if (name == "cc_list") {
    std::vector<std::string> out;
    for (auto part : util::split(raw, ' '))
      if (!part.empty()) out.push_back(compute_capability(part));
    return util::join(out, ", ");
  }
  if (util::starts_with(name, "cc_")) return compute_capability(raw);
  if (util::starts_with(name, "libver_")) return lib_version(raw);
  if (name == "lib" || name == "dep") return basename(raw);
  return cap(raw, 200);
}

}  // namespace

std::string fill_template(std::string_view tmpl, const std::map<std::string, std::string>& values) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out += tmpl[i];
      continue;
    }
    size_t close = tmpl.find('}', i);
    if (close == std::string_view::npos) {
      out.append(tmpl.substr(i));
      break;
    }
    auto it = values.find(std::string(tmpl.substr(i + 1, close - i - 1)));
    if (it != values.end()) out += it->second;
    i = close;
  }
  // An empty value leaves "with : " or a dangling ": " behind; tidy those.
  for (std::string_view junk : {" ()", " []", ": :", ":  "}) {
    for (size_t p; (p = out.find(junk)) != std::string::npos;) out.erase(p, junk == ": :" ? 2 : junk.size() - 1);
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ':' || out.back() == ',')) out.pop_back();
  return out;
}

LineMeaning interpret(const MessageKb& kb, const MessagePattern& p,
                      const std::vector<std::pair<std::string, std::string>>& captures) {
  LineMeaning m;
  for (const auto& [name, raw] : captures) m.values[name] = normalize_value(name, raw);

  std::string code = p.code;   // fixed code, or the lookup's fallback
  std::string cause = p.cause;
  std::optional<findings::Severity> severity = p.severity;

  // Library: the one the dlerror blames (dep) when the tables know it, else the one named.
  const LibInfo* lib = nullptr;
  std::string lib_name;
  for (const char* key : {"dep", "lib"}) {
    auto it = m.values.find(key);
    if (it == m.values.end()) continue;
    if (const LibInfo* l = kb.find_lib(it->second)) {
      lib = l;
      lib_name = it->second;
      break;
    }
  }
  if (lib) {
    m.library = lib->library;
    m.soname = lib_name;
    m.values["lib_what"] = lib->what;
    m.values["lib_wanted_by"] = lib->wanted_by;
    m.values["lib_note"] = lib_note(*lib);
  } else if (auto it = m.values.find("lib"); it != m.values.end()) {
    m.soname = it->second;
  }
  if (auto d = m.values.find("dep"), l = m.values.find("lib"); d != m.values.end() && l != m.values.end() &&
                                                                 d->second != l->second)
    m.values["dep_note"] = " because " + d->second + " could not be loaded";

  if (auto it = m.values.find("err"); it != m.values.end()) {
    if (const ErrorInfo* e = kb.find_error(it->second)) {
      m.values["err"] = e->number.empty() ? e->name : e->name + " (" + e->number + ")";
      m.values["err_meaning"] = e->meaning;
      // A status without a finding code of its own keeps the row's fallback.
      if (p.decision == Decision::by_error && !e->code.empty()) {
        code = e->code;
        cause = e->cause;
      }
    } else {
      m.values["err"] = cap(it->second, 160);
    }
  }

  switch (p.decision) {
    case Decision::benign:
      m.kind = LineKind::benign;
      m.message = fill_template(p.message, m.values);
      return m;
    case Decision::ok:
      m.kind = LineKind::ok;
      m.message = fill_template(p.message, m.values);
      return m;
    case Decision::by_lib:
      if (lib) {
        if (lib->code == "benign") {
          m.kind = LineKind::benign;
          m.message = fill_template(p.message, m.values);
          return m;
        }
        code = lib->code;
        cause = lib->cause;
      }
      break;
    case Decision::by_xid: {
      const std::string xid = m.values.count("xid") ? m.values["xid"] : "";
      code = "X820";
      if (const XidInfo* x = kb.find_xid(xid)) {
        m.values["xid_name"] = x->name;
        m.values["xid_meaning"] = x->name + ": " + x->meaning;
        cause = x->cause;
        severity = x->severity;
      } else {
        m.values["xid_meaning"] = "an Xid this knowledge base does not list (see NVIDIA's Xid catalog)";
        severity = findings::Severity::warning;
      }
      break;
    }
    case Decision::by_error:
    case Decision::code:
      break;
  }
  const rules::RuleInfo* info = rule(code);
  if (!info) return m;  // an unknown library or error and no fallback: not reported
  m.kind = LineKind::finding;
  m.code = code;
  // A row's own cause describes its fixed code or its fallback; when a table decided the
  // code, the table's cause (or the code's) applies instead.
  m.cause = cause.empty() ? std::string(info->cause) : cause;
  m.severity = severity.value_or(info->severity);
  m.message = fill_template(p.message, m.values);
  m.fix = fill_template(p.fix, m.values);
  return m;
}

}  // namespace gpudoctor::explain
