#include "parse/build_info_py.hpp"

#include "parse/py_literal.hpp"
#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

std::string as_text(const PyValue& v) {
  if (v.kind == PyValue::Kind::string || v.kind == PyValue::Kind::number) return v.text;
  return "";
}

std::optional<bool> as_bool(const PyValue& v) {
  if (v.kind == PyValue::Kind::boolean) return v.b;
  // Old generators wrote the flags as strings.
  if (v.kind == PyValue::Kind::string) {
    std::string t = util::to_lower(v.text);
    if (t == "true" || t == "1") return true;
    if (t == "false" || t == "0") return false;
  }
  return std::nullopt;
}

void apply(TfBuildInfo& bi, std::string_view key, const PyValue& v) {
  if (key == "is_cuda_build") bi.is_cuda_build = as_bool(v);
  else if (key == "is_rocm_build") bi.is_rocm_build = as_bool(v);
  else if (key == "is_tensorrt_build") bi.is_tensorrt_build = as_bool(v);
  else if (key == "cuda_version" || key == "cuda_version_number") bi.cuda_version = as_text(v);
  else if (key == "cudnn_version" || key == "cudnn_version_number") bi.cudnn_version = as_text(v);
  else if (key == "rocm_version") bi.rocm_version = as_text(v);
  else if (key == "cpu_compiler") bi.cpu_compiler = as_text(v);
  else if (key == "cuda_compute_capabilities") {
    // A list, or one comma-separated string in some custom builds.
    if (v.kind == PyValue::Kind::list) {
      for (const auto& i : v.items)
        if (!as_text(i).empty()) bi.compute_capabilities.push_back(as_text(i));
    } else {
      const std::string text = as_text(v);
      for (auto p : util::split(text, ','))
        if (!util::trim(p).empty()) bi.compute_capabilities.emplace_back(util::trim(p));
    }
  } else if (key == "msvcp_dll_names" || key == "msvcp_dll_name" || key == "cudart_dll_name" ||
             key == "nvcuda_dll_name" || key == "cudnn_dll_name") {
    bi.windows = true;
  }
}

}  // namespace

std::string normalize_windows_cuda_version(std::string_view v, bool is_cudnn) {
  if (!util::starts_with(v, "64_")) return std::string(v);
  std::string d(v.substr(3));
  if (is_cudnn || d.size() < 2) return d;
  // "112" -> "11.2", "101" -> "10.1", "92" -> "9.2": the last digit is the minor.
  return d.substr(0, d.size() - 1) + "." + d.substr(d.size() - 1);
}

ParseResult<TfBuildInfo> parse_tf_build_info(std::string_view text) {
  TfBuildInfo bi;
  bool any = false;
  for (const auto& [name, value] : parse_py_assignments(text)) {
    if (name == "build_info" && value.kind == PyValue::Kind::dict) {
      bi.form = util::contains(text, "OrderedDict") ? "OrderedDict" : "dict";
      for (const auto& [k, v] : value.pairs) apply(bi, k, v);
      any = true;
    } else if (name != "build_info") {
      apply(bi, name, value);
      if (name == "is_cuda_build" || name == "cuda_version_number" || name == "is_rocm_build") {
        if (bi.form.empty()) bi.form = "assignments";
        any = true;
      }
    }
  }
  if (!any) return ParseResult<TfBuildInfo>::fail("no build_info dict or is_cuda_build assignment");
  bi.cuda_version = normalize_windows_cuda_version(bi.cuda_version, false);
  bi.cudnn_version = normalize_windows_cuda_version(bi.cudnn_version, true);
  // TF 1.x files that predate the flag: a CUDA version implies a CUDA build.
  if (!bi.is_cuda_build && !bi.cuda_version.empty()) bi.is_cuda_build = true;
  return ParseResult<TfBuildInfo>::ok(std::move(bi));
}

}  // namespace gpudoctor::parse
