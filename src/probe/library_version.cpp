#include "probe/library_version.hpp"

#include <algorithm>
#include <cctype>

#include "parse/c_defines.hpp"
#include "parse/cudart_version.hpp"
#include "parse/cudnn_version.hpp"
#include "parse/nccl_version.hpp"
#include "parse/so_version.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

constexpr size_t kMaxHeaderBytes = 1u << 20;
constexpr size_t kMaxRecordBytes = 16u << 20;
constexpr size_t kMaxVersionJsonBytes = 1u << 20;
constexpr int kMaxAncestors = 4;

// `dir` and up to `n` of its parents, nearest first.
std::vector<std::string> ancestors(std::string dir, int n) {
  std::vector<std::string> out{dir};
  for (int i = 0; i < n && dir != "/" && dir != "."; ++i) {
    dir = path_dirname(dir);
    out.push_back(dir);
  }
  return out;
}

// Reads a small text file inside the root, following symlinks inside it.
Result<std::string> read_text(const RootFs& fs, const std::string& path, size_t max) {
  auto real = fs.resolve(path);
  if (!real) return Result<std::string>::fail(real.error);
  return fs.read(*real, max);
}

int major_of(std::string_view version) {
  return static_cast<int>(util::parse_int(util::split(version, '.').front()).value_or(-1));
}

bool major_ok(std::string_view version, std::optional<int> major) { return !major || major_of(version) == *major; }

std::string leading_version(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
  while (n > 0 && s[n - 1] == '.') --n;
  return std::string(s.substr(0, n));
}

bool name_has_prefix(const std::string& dist_name, const LibrarySpec& spec) {
  std::string norm = parse::normalize_dist_name(dist_name);
  for (auto p : spec.dist_prefixes)
    if (util::starts_with(norm, parse::normalize_dist_name(p))) return true;
  return false;
}

std::optional<std::string> header_version(HeaderKind kind, std::string_view text) {
  switch (kind) {
    case HeaderKind::kCudnn: {
      auto r = parse::parse_cudnn_version(text);
      return r ? std::optional<std::string>(*r) : std::nullopt;
    }
    case HeaderKind::kNccl: {
      auto r = parse::parse_nccl_header_version(text);
      return r ? std::optional<std::string>(*r) : std::nullopt;
    }
    case HeaderKind::kCudart: {
      auto r = parse::parse_cudart_header_version(text);
      return r ? std::optional<std::string>(*r) : std::nullopt;
    }
    case HeaderKind::kTensorRt:
      return parse::version_from_defines(text, "NV_TENSORRT_MAJOR", "NV_TENSORRT_MINOR", "NV_TENSORRT_PATCH");
  }
  return std::nullopt;
}

std::optional<VersionResult> from_headers(const RootFs& fs, const LibrarySpec& spec, const std::vector<std::string>& lib_dirs,
                                          std::optional<int> major) {
  std::vector<std::string> dirs;
  for (const auto& d : lib_dirs)
    for (auto& inc : include_dirs_for(d))
      if (std::find(dirs.begin(), dirs.end(), inc) == dirs.end()) dirs.push_back(std::move(inc));
  for (const auto& inc : dirs) {
    for (const auto& h : spec.headers) {
      std::string file(h.file);
      if (auto pos = file.find("{major}"); pos != std::string::npos) {
        if (!major) continue;
        file.replace(pos, 7, std::to_string(*major));
      }
      auto text = read_text(fs, path_join(inc, file), kMaxHeaderBytes);
      if (!text) continue;
      auto v = header_version(h.kind, *text);
      // A header of another major (cuDNN 8 headers next to a cuDNN 9 library)
      // says nothing about this file.
      if (v && major_ok(*v, major)) return VersionResult{*v, file};
    }
  }
  return std::nullopt;
}

std::optional<VersionResult> from_dist_info(const LibrarySpec& spec, const std::string& path, const std::string& real,
                                            uint64_t size, VersionCache& cache) {
  if (spec.dist_prefixes.empty()) return std::nullopt;
  std::string real_name = path_basename(real);
  auto found = [](const VersionCache::DistInfo& di) {
    return VersionResult{di.version, "dist-info " + path_basename(di.dir)};
  };
  // A wheel in site-packages: RECORD paths are relative to the directory that
  // holds the .dist-info (PEP 376), e.g. nvidia/cudnn/lib/libcudnn.so.9.
  for (const auto& anc : ancestors(path_dirname(real), kMaxAncestors)) {
    for (const auto& di : cache.dist_infos(anc)) {
      if (!name_has_prefix(di.name, spec)) continue;
      for (const auto& row : cache.record(di.dir)) {
        std::string abs = path_normalize(path_join(anc, row.path));
        if (abs == real || abs == path) return found(di);
      }
    }
  }
  // Wheels unpacked into a toolkit layout (<root>/dist-info/*.dist-info, files
  // moved to <root>/lib): match the file name under a lib dir and the size.
  for (const auto& anc : ancestors(path_dirname(real), 3)) {
    std::string dd = path_join(anc, "dist-info");
    for (const auto& di : cache.dist_infos(dd)) {
      if (!name_has_prefix(di.name, spec)) continue;
      for (const auto& row : cache.record(di.dir)) {
        if (path_basename(row.path) != real_name) continue;
        if (!util::contains(row.path, "/lib/") && !util::contains(row.path, "/lib64/")) continue;
        if (row.size && *row.size != size) continue;
        return found(di);
      }
    }
  }
  return std::nullopt;
}

// A file in the same directory named <stem>.so.<driver version> with the same bytes as
// `real`: the version a renamed copy lost. Files of another size are never read; one of the
// same size is compared in full (driver libraries are tens of MiB; 512 MiB at most).
std::optional<VersionResult> from_same_bytes(const RootFs& fs, const LibrarySpec& spec, const std::string& real,
                                             uint64_t size) {
  constexpr uint64_t kMaxCompare = 512ull << 20;
  if (size == 0 || size > kMaxCompare) return std::nullopt;
  auto names = fs.list_dir(path_dirname(real));
  if (!names) return std::nullopt;
  std::optional<std::string> mine;
  for (const auto& n : *names) {
    std::string v = parse::so_file_version(n, spec.stem);
    if (v.find('.') == std::string::npos || major_of(v) < 100) continue;
    std::string other = path_join(path_dirname(real), n);
    if (other == real) continue;
    auto st = fs.stat(other);
    if (!st || !st->is_regular || st->size != size) continue;
    if (!mine) {
      auto bytes = fs.read(real, size + 1);
      if (!bytes || bytes->size() != size) return std::nullopt;
      mine = std::move(*bytes);
    }
    auto theirs = fs.read(other, size + 1);
    if (theirs && *theirs == *mine) return VersionResult{v, "same bytes as " + n};
  }
  return std::nullopt;
}

}  // namespace

const std::vector<VersionCache::DistInfo>& VersionCache::dist_infos(const std::string& dir) {
  auto it = dist_infos_.find(dir);
  if (it != dist_infos_.end()) return it->second;
  std::vector<DistInfo> found;
  auto real = fs_.resolve(dir);
  auto names = real ? fs_.list_dir(*real) : Result<std::vector<std::string>>::fail(real.error);
  if (names) {
    for (const auto& n : *names) {
      auto parsed = parse::parse_dist_info_dirname(n);
      if (!parsed) continue;
      // The directory name carries the normalised version (binary distribution
      // format spec), so METADATA need not be opened for every wheel.
      found.push_back({path_join(dir, n), parsed->name, parsed->version});
    }
  }
  return dist_infos_.emplace(dir, std::move(found)).first->second;
}

const std::vector<parse::RecordRow>& VersionCache::record(const std::string& dist_info_dir) {
  auto it = records_.find(dist_info_dir);
  if (it != records_.end()) return it->second;
  std::vector<parse::RecordRow> rows;
  std::string path = path_join(dist_info_dir, "RECORD");
  bool truncated = false;
  auto real = fs_.resolve(path);
  auto text = real ? fs_.read(*real, kMaxRecordBytes, &truncated) : Result<std::string>::fail(real.error);
  if (!text) {
    problems.push_back({"libraries", path, text.error});
  } else if (truncated) {
    problems.push_back({"libraries", path, "truncated at 16 MiB"});
  } else if (auto parsed = parse::parse_dist_info_record(*text)) {
    rows = std::move(*parsed.value);
  } else {
    problems.push_back({"libraries", path, parsed.error});
  }
  return records_.emplace(dist_info_dir, std::move(rows)).first->second;
}

const std::optional<parse::CudaVersionJson>& VersionCache::version_json(const std::string& root) {
  auto it = version_jsons_.find(root);
  if (it != version_jsons_.end()) return it->second;
  std::optional<parse::CudaVersionJson> value;
  std::string path = path_join(root, "version.json");
  if (fs_.exists(path)) {
    auto text = read_text(fs_, path, kMaxVersionJsonBytes);
    if (!text) {
      problems.push_back({"libraries", path, text.error});
    } else if (auto parsed = parse::parse_cuda_version_json(*text)) {
      value = std::move(*parsed.value);
    } else {
      problems.push_back({"libraries", path, parsed.error});
    }
  }
  return version_jsons_.emplace(root, std::move(value)).first->second;
}

std::vector<std::string> include_dirs_for(const std::string& lib_dir) {
  std::vector<std::string> out{path_normalize(lib_dir + "/../include")};
  std::string base = path_basename(lib_dir);
  if (util::contains(base, "-linux-gnu")) {
    std::string usr = path_dirname(path_dirname(lib_dir));
    out.push_back(path_join(usr, "include"));
    out.push_back(path_join(usr, "include/" + base));
  }
  return out;
}

VersionResult detect_library_version(const RootFs& fs, const LibrarySpec& spec, const std::string& path,
                                     const LibraryFileInfo& info, VersionCache& cache) {
  const std::string real = info.real_path.empty() ? path : info.real_path;
  const std::string real_name = path_basename(real);
  std::optional<int> major = parse::so_major(info.elf.soname, spec.stem);
  if (!major) major = parse::so_major(path_basename(path), spec.stem);
  if (!major) major = parse::so_major(real_name, spec.stem);

  for (auto source : spec.version_order) {
    switch (source) {
      case VersionSource::kFileName: {
        std::string v = parse::so_file_version(real_name, spec.stem);
        if (v.find('.') == std::string::npos) break;
        // Driver files are libcuda.so.<branch>.<minor>[.<patch>] with branch >= 100;
        // WSL's libcuda.so.1.1 is not a driver version.
        if (spec.driver_lib && major_of(v) < 100) break;
        return {v, "file name"};
      }
      case VersionSource::kHeader: {
        std::vector<std::string> lib_dirs{path_dirname(real)};
        if (path_dirname(path) != lib_dirs.front()) lib_dirs.push_back(path_dirname(path));
        if (auto r = from_headers(fs, spec, lib_dirs, major)) return *r;
        break;
      }
      case VersionSource::kDistInfo:
        if (auto r = from_dist_info(spec, path, real, info.size, cache)) return *r;
        break;
      case VersionSource::kVersionJson: {
        if (spec.version_json_key.empty()) break;
        for (const auto& anc : ancestors(path_dirname(real), kMaxAncestors)) {
          const auto& vj = cache.version_json(anc);
          if (!vj) continue;
          auto it = vj->components.find(std::string(spec.version_json_key));
          if (it != vj->components.end() && major_ok(it->second, major)) return {it->second, "version.json"};
          break;  // the nearest toolkit root decides
        }
        break;
      }
      case VersionSource::kRodata:
        for (const auto& s : info.rodata_strings) {
          std::string v = leading_version(std::string_view(s).substr(spec.rodata_prefix.size()));
          if (v.find('.') != std::string::npos) return {v, "ELF .rodata"};
        }
        break;
      case VersionSource::kSameBytes:
        if (auto r = from_same_bytes(fs, spec, real, info.size)) return *r;
        break;
      case VersionSource::kSonameMajor:
        if (auto m = parse::so_major(info.elf.soname, spec.stem)) return {std::to_string(*m), "SONAME major"};
        if (major) return {std::to_string(*major), "file name major"};
        break;
    }
  }
  return {};
}

}  // namespace gpudoctor::probe
