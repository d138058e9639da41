#include "kb/kb.hpp"

#include <algorithm>
#include <stdexcept>

#include "kb/embedded.hpp"
#include "probe/root_fs.hpp"
#include "util/strings.hpp"

namespace gpudoctor::kb {
namespace {

double to_double(const std::string& s) {
  try {
    return s.empty() ? 0.0 : std::stod(s);
  } catch (...) {
    return 0.0;
  }
}

}  // namespace

Kb Kb::load(const std::string& override_dir) {
  Kb kb;
  for (const auto& f : embedded_files())
    if (util::starts_with(f.path, "kb/")) {
      // A build whose own table lacks a column the code reads is a bug: an internal error.
      // A table without a schema yet is left to tests/kb/table_schema_test.cpp to name.
      if (util::ends_with(f.path, ".tsv") && expected_columns(f.path)) check_columns(f.path, f.content);
      kb.texts_.emplace(std::string(f.path), std::string(f.content));
    }
  if (override_dir.empty()) return kb;
  probe::RootFs fs("/");
  auto names = fs.list_dir(override_dir);
  if (!names) throw std::runtime_error("cannot read knowledge base dir " + override_dir + ": " + names.error);
  for (const auto& n : *names) {
    if (!util::ends_with(n, ".tsv")) continue;
    auto text = fs.read(probe::path_join(override_dir, n), 64u << 20);
    if (!text) throw std::runtime_error("cannot read " + probe::path_join(override_dir, n) + ": " + text.error);
    // Fail early on a malformed override, a misnamed file or a renamed column: either
    // would otherwise turn rules off without a word. The message names the file given.
    try {
      check_columns("kb/" + n, *text);
      parse_table("kb/" + n, *text);
    } catch (const std::runtime_error& e) {
      std::string msg = e.what();
      throw std::runtime_error(probe::path_join(override_dir, n) + msg.substr(std::min(msg.size(), 3 + n.size())));
    }
    kb.texts_["kb/" + n] = *text;
  }
  kb.origin_ = override_dir;
  return kb;
}

std::string_view Kb::text(std::string_view file) const {
  auto it = texts_.find(file);
  return it == texts_.end() ? std::string_view() : std::string_view(it->second);
}

const Table* Kb::table(std::string_view file) const {
  auto it = parsed_.find(file);
  if (it != parsed_.end()) return it->second.get();
  auto t = texts_.find(file);
  if (t == texts_.end()) return nullptr;
  auto table = std::make_unique<Table>(parse_table(file, t->second));
  const Table* out = table.get();
  parsed_.emplace(std::string(file), std::move(table));
  return out;
}

std::vector<std::string> Kb::files() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : texts_) out.push_back(name);
  return out;
}

std::string Kb::date() const {
  std::string newest;
  for (const auto& [name, text] : texts_) {
    if (!util::ends_with(name, ".tsv")) continue;
    // Only the comment lines are needed; avoid parsing whole tables for this.
    for (const auto& line : util::split_lines(text)) {
      if (line.empty() || line[0] != '#') break;
      auto body = util::trim(std::string_view(line).substr(1));
      if (util::starts_with(body, "date:")) {
        std::string d(util::trim(body.substr(5)));
        if (d > newest) newest = d;
      }
    }
  }
  return newest;
}

std::optional<GpuModel> Kb::gpu(std::string_view device_id) const {
  const Table* t = table("kb/gpus.tsv");
  if (!t) return std::nullopt;
  std::string id = util::to_lower(device_id);
  for (size_t r = 0; r < t->rows.size(); ++r) {
    if (t->get(r, "device_id") != id) continue;
    GpuModel g;
    g.device_id = id;
    g.name = t->get(r, "name");
    g.chip = t->get(r, "chip");
    g.architecture = t->get(r, "architecture");
    g.compute_capability = t->get(r, "compute_capability");
    g.memory_gb = to_double(t->get(r, "memory_gb"));
    g.bus_width_bits = static_cast<int>(to_double(t->get(r, "bus_width_bits")));
    g.mem_bw_gbs = to_double(t->get(r, "mem_bw_gbs"));
    g.fp32_tflops = to_double(t->get(r, "fp32_tflops"));
    g.tensor_bf16_tflops = to_double(t->get(r, "tensor_bf16_tflops"));
    return g;
  }
  return std::nullopt;
}

std::optional<CudaMajor> Kb::cuda_major(int major) const {
  const Table* t = table("kb/cuda_major.tsv");
  if (!t) return std::nullopt;
  for (size_t r = 0; r < t->rows.size(); ++r) {
    if (util::parse_int(t->get(r, "cuda_major")) != major) continue;
    CudaMajor m;
    m.major = major;
    m.minor_compat_linux_min = t->get(r, "minor_compat_linux_min");
    m.minor_compat_windows_min = t->get(r, "minor_compat_windows_min");
    m.min_compute_capability = t->get(r, "min_compute_capability");
    return m;
  }
  return std::nullopt;
}

std::string Kb::min_driver_for_cuda(std::string_view cuda_version, bool windows) const {
  const char* col = windows ? "windows_min_driver" : "linux_min_driver";
  std::string mm = util::version_prefix(cuda_version, 2);
  auto major = util::parse_int(util::version_prefix(cuda_version, 1));
  if (!major) return "";
  // Since CUDA 11, any driver at or above the major's floor runs every minor release
  // (minor-version compatibility); before 11 each release has its own minimum.
  if (auto m = cuda_major(static_cast<int>(*major))) {
    const std::string& floor = windows ? m->minor_compat_windows_min : m->minor_compat_linux_min;
    if (!floor.empty()) return floor;
  }
  if (const Table* t = table("kb/cuda_driver.tsv")) {
    for (size_t r = 0; r < t->rows.size(); ++r)
      if (t->get(r, "cuda") == mm && !t->get(r, col).empty()) return t->get(r, col);
  }
  return "";
}

std::string Kb::max_cuda_for_driver(std::string_view driver) const {
  const Table* t = table("kb/cuda_driver.tsv");
  if (!t || driver.empty()) return "";
  std::string best;
  for (size_t r = 0; r < t->rows.size(); ++r) {
    const std::string& need = t->get(r, "linux_min_driver");
    if (need.empty() || util::compare_versions(driver, need) < 0) continue;
    std::string cuda = util::version_prefix(t->get(r, "cuda"), 2);
    if (best.empty() || util::compare_versions(cuda, best) > 0) best = cuda;
  }
  return best;
}

std::string Kb::bundled_driver_for_cuda(std::string_view cuda_version) const {
  const Table* t = table("kb/cuda_driver.tsv");
  if (!t) return "";
  // The first release at or after the version asked: there was no CUDA 12.7, so 12.7 -> 12.8's.
  std::string best_cuda, best_driver;
  for (size_t r = 0; r < t->rows.size(); ++r) {
    const std::string& cuda = t->get(r, "cuda");
    if (util::compare_versions(cuda, cuda_version) < 0 || t->get(r, "linux_min_driver").empty()) continue;
    if (best_cuda.empty() || util::compare_versions(cuda, best_cuda) < 0) {
      best_cuda = cuda;
      best_driver = t->get(r, "linux_min_driver");
    }
  }
  return best_driver;
}

std::string Kb::min_cuda_for_ptx_isa(std::string_view isa) const {
  const Table* t = table("kb/ptx_isa.tsv");
  if (!t) return "";
  for (size_t r = 0; r < t->rows.size(); ++r)
    if (t->get(r, "ptx_isa") == isa) return t->get(r, "min_cuda");
  return "";
}

std::optional<ArchSupport> Kb::arch_for_cc(std::string_view cc) const {
  const Table* t = table("kb/arch_support.tsv");
  if (!t || cc.empty()) return std::nullopt;
  for (size_t r = 0; r < t->rows.size(); ++r) {
    if (compare_cc(cc, t->get(r, "cc_min")) < 0 || compare_cc(cc, t->get(r, "cc_max")) > 0) continue;
    ArchSupport a;
    a.architecture = t->get(r, "architecture");
    a.cc_min = t->get(r, "cc_min");
    a.cc_max = t->get(r, "cc_max");
    a.last_cuda_major = static_cast<int>(util::parse_int(t->get(r, "last_cuda_major")).value_or(0));
    a.last_driver_branch = t->get(r, "last_driver_branch");
    a.first_cuda = t->get(r, "first_cuda");
    a.first_driver_branch = t->get(r, "first_driver_branch");
    a.open_module_supported = t->get(r, "open_module_supported") == "yes";
    a.open_module_required = t->get(r, "open_module_required") == "yes";
    return a;
  }
  return std::nullopt;
}

static std::string code_name(const Table* t, int code) {
  if (!t) return "";
  for (size_t r = 0; r < t->rows.size(); ++r)
    if (util::parse_int(t->get(r, "code")) == code) return t->get(r, "name");
  return "";
}

std::string Kb::curesult_name(int code) const { return code_name(table("kb/status_curesult.tsv"), code); }
std::string Kb::nvml_return_name(int code) const { return code_name(table("kb/status_nvml.tsv"), code); }

int compare_cc(std::string_view a, std::string_view b) { return util::compare_versions(a, b); }

}  // namespace gpudoctor::kb
