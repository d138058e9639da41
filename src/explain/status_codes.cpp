#include "explain/status_codes.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "util/strings.hpp"

namespace gpudoctor::explain {
namespace {

struct FamilyInfo {
  StatusFamily family;
  std::string_view table;  // kb/status_<x>.tsv
  std::string_view type;   // C type name
};

constexpr FamilyInfo kFamilies[] = {
    {StatusFamily::curesult, "kb/status_curesult.tsv", "CUresult"},
    {StatusFamily::cudart, "kb/status_cudart.tsv", "cudaError_t"},
    {StatusFamily::nvml, "kb/status_nvml.tsv", "nvmlReturn_t"},
    {StatusFamily::cudnn, "kb/status_cudnn.tsv", "cudnnStatus_t"},
    {StatusFamily::cublas, "kb/status_cublas.tsv", "cublasStatus_t"},
    {StatusFamily::nccl, "kb/status_nccl.tsv", "ncclResult_t"},
};

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_success(const StatusCode& c) {
  return c.code == "0" && (util::ends_with(c.name, "SUCCESS") || util::ends_with(c.name, "Success"));
}

bool is_alias(const StatusCode& c) { return util::starts_with(c.meaning, "Deprecated alias"); }

bool contains_ci(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() &&
           std::tolower(static_cast<unsigned char>(hay[i + k])) == std::tolower(static_cast<unsigned char>(needle[k])))
      ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

// Which family a bare number in `s` belongs to, from the words around it; nullopt: CUDA
// (runtime or driver, which share their numbers since CUDA 10.1).
std::optional<StatusFamily> family_hint(std::string_view s) {
  if (contains_ci(s, "nvml")) return StatusFamily::nvml;
  if (contains_ci(s, "cudnn")) return StatusFamily::cudnn;
  if (contains_ci(s, "cublas")) return StatusFamily::cublas;
  if (contains_ci(s, "nccl")) return StatusFamily::nccl;
  if (contains_ci(s, "curesult") || contains_ci(s, "cuinit") || contains_ci(s, "CUDA_SUCCESS") ||
      contains_ci(s, "cuGetErrorName") || contains_ci(s, "driver API"))
    return StatusFamily::curesult;
  return std::nullopt;
}

std::optional<long long> number(std::string_view s) {
  auto v = util::parse_int(s);
  if (!v) return std::nullopt;
  return *v;
}

}  // namespace

std::string_view family_name(StatusFamily f) {
  for (const auto& fi : kFamilies)
    if (fi.family == f) return fi.type;
  return "";
}

std::optional<StatusFamily> family_of_table(std::string_view table_name) {
  for (const auto& fi : kFamilies)
    if (fi.table == table_name) return fi.family;
  return std::nullopt;
}

StatusCodes::StatusCodes(const std::vector<const kb::Table*>& tables) {
  for (const kb::Table* t : tables) {
    auto fam = family_of_table(t->name);
    if (!fam) throw std::runtime_error(t->name + ": not a status table (kb/status_<family>.tsv)");
    for (const char* col : {"name", "code", "old_code", "text", "explain", "cause", "meaning"})
      if (!t->column(col)) throw std::runtime_error(t->name + ": missing column " + col);
    for (size_t r = 0; r < t->rows.size(); ++r) {
      StatusCode c;
      c.family = *fam;
      c.name = t->get(r, "name");
      c.code = t->get(r, "code");
      c.old_code = t->get(r, "old_code");
      c.text = t->get(r, "text");
      c.explain = t->get(r, "explain");
      c.cause = t->get(r, "cause");
      c.meaning = t->get(r, "meaning");
      auto bad = [&](const std::string& why) { throw std::runtime_error(t->name + ": " + c.name + ": " + why); };
      if (c.name.empty()) bad("name is required");
      if (c.code.empty() && c.old_code.empty()) bad("code or old_code is required");
      if (!c.code.empty() && !number(c.code)) bad("code is not a number");
      if (!c.old_code.empty() && !number(c.old_code)) bad("old_code is not a number");
      codes_.push_back(std::move(c));
    }
  }
}

const StatusCode* StatusCodes::by_name(std::string_view name) const {
  for (const auto& c : codes_)
    if (c.name == name) return &c;
  return nullptr;
}

const StatusCode* StatusCodes::by_number(StatusFamily family, long long n) const {
  const StatusCode* alias = nullptr;
  for (const auto& c : codes_)
    if (c.family == family && number(c.code) == n) {
      if (!is_alias(c)) return &c;
      if (!alias) alias = &c;
    }
  if (alias) return alias;
  for (const auto& c : codes_)
    if (c.family == family && number(c.old_code) == n) return &c;
  return nullptr;
}

const StatusCode* StatusCodes::decode(std::string_view s) const {
  // 1. A name: the first identifier of `s` that names a failure (success names are skipped:
  //    "error == cudaSuccess (30 vs. 0)" is about the 30).
  for (size_t i = 0; i < s.size();) {
    if (!is_ident(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && is_ident(s[j])) ++j;
    std::string_view tok = s.substr(i, j - i);
    if (tok.size() >= 8 && (tok[0] == 'C' || tok[0] == 'c' || tok[0] == 'N' || tok[0] == 'n')) {
      if (const StatusCode* c = by_name(tok); c && !is_success(*c)) return c;
      // pynvml's exception classes: NVMLError_DriverNotLoaded = NVML_ERROR_DRIVER_NOT_LOADED.
      if (util::starts_with(tok, "NVMLError_")) {
        std::string name = "NVML_ERROR_";
        std::string_view camel = tok.substr(10);
        for (size_t k = 0; k < camel.size(); ++k) {
          if (k > 0 && std::isupper(static_cast<unsigned char>(camel[k])) &&
              !std::isupper(static_cast<unsigned char>(camel[k - 1])))
            name += '_';
          name += static_cast<char>(std::toupper(static_cast<unsigned char>(camel[k])));
        }
        if (const StatusCode* c = by_name(name); c && !is_success(*c)) return c;
      }
    }
    i = j;
  }
  // 2. A typed number: CUresult(100), cudaError_t 35, ncclResult_t = 2.
  static const re2::RE2 typed(
      R"((CUresult|cudaError_t|cudaError|nvmlReturn_t|cudnnStatus_t|cublasStatus_t|ncclResult_t)\s*[(:= ]\s*(-?\d+))");
  std::string type, num;
  re2::StringPiece in(s.data(), s.size());
  if (re2::RE2::PartialMatch(in, typed, &type, &num)) {
    if (type == "cudaError") type = "cudaError_t";
    for (const auto& fi : kFamilies)
      if (fi.type == type)
        if (auto n = number(num))
          if (const StatusCode* c = by_number(fi.family, *n)) return c;
  }
  // 3. An error-string text, case-sensitively (the libraries print them so; "UNKNOWN ERROR
  //    (303)", a stub's placeholder, is not "unknown error"), the longest that occurs. NCCL's
  //    texts end in a "(run with NCCL_DEBUG=... for details)" hint that pastes often lack.
  const StatusCode* best = nullptr;
  size_t best_len = 0;
  for (const auto& c : codes_) {
    if (c.text.empty() || is_success(c) || c.text == c.name) continue;
    // Older releases' wordings follow after " | ".
    std::string_view texts = c.text;
    while (!texts.empty()) {
      size_t bar = texts.find(" | ");
      std::string_view text = texts.substr(0, bar);
      texts = bar == std::string_view::npos ? std::string_view() : texts.substr(bar + 3);
      // The whole text first, then without NCCL's hint (a longer match wins either way).
      for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1) {
          auto hint = text.find(" (run with");
          if (hint == std::string_view::npos) break;
          text = text.substr(0, hint);
        }
        if (text.size() > best_len && s.find(text) != std::string_view::npos) {
          best = &c;
          best_len = text.size();
        }
      }
    }
  }
  if (best) return best;
  auto hint = family_hint(s);
  auto lookup = [&](long long n) -> const StatusCode* {
    if (hint) return by_number(*hint, n);
    // Runtime and driver share numbers since CUDA 10.1; the runtime's old numbering last.
    for (auto f : {StatusFamily::cudart, StatusFamily::curesult}) {
      for (const auto& c : codes_)
        if (c.family == f && number(c.code) == n) return &c;
    }
    return by_number(StatusFamily::cudart, n);
  };
  // 4. A glog CHECK pair: "(0 vs. 216)", "(30 vs. 0)": the side that is not success.
  static const re2::RE2 pair(R"(\((-?\d+) vs\. (-?\d+)\))");
  std::string a, b;
  if (re2::RE2::PartialMatch(in, pair, &a, &b)) {
    auto na = number(a), nb = number(b);
    if (na && nb && (*na == 0) != (*nb == 0)) return lookup(*na != 0 ? *na : *nb);
  }
  // 5. A bare number: "(303)", "error 35", "Error: 100", "error code 2", "status 9", "35: ...".
  static const re2::RE2 bare(
      R"((?i)\((\d+)\)|\berror(?: code)?[:= ]+(\d+)|^\s*(\d+)\b|\b(?:code|status|result|returned)[:= ]+(\d+))");
  std::string n1, n2, n3, n4;
  if (re2::RE2::PartialMatch(in, bare, &n1, &n2, &n3, &n4)) {
    std::string n = !n1.empty() ? n1 : !n2.empty() ? n2 : !n3.empty() ? n3 : n4;
    if (auto v = number(n); v && *v != 0) return lookup(*v);
  }
  return nullptr;
}

}  // namespace gpudoctor::explain
