#pragma once
// A library file's version and where it was read, trying the sources its
// LibrarySpec lists in order: the real file name, a header next to it, the
// wheel (dist-info) that installed it, the toolkit's version.json, a banner in
// its .rodata, and finally the SONAME's major.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "parse/cuda_version_json.hpp"
#include "parse/dist_info.hpp"
#include "probe/library_elf.hpp"
#include "probe/library_specs.hpp"
#include "probe/root_fs.hpp"

namespace gpudoctor::probe {

struct VersionResult {
  std::string version;  // "" when no source knew it
  std::string source;   // "file name", "cudnn_version.h", "dist-info nvidia_cudnn_cu13-9.19.0.56",
                        // "version.json", "ELF .rodata", "SONAME major", "file name major"
};

// Files read while looking for versions, kept for the whole probe run: one
// RECORD or version.json serves every library of a toolkit.
class VersionCache {
 public:
  explicit VersionCache(const RootFs& fs) : fs_(fs) {}

  struct DistInfo {
    std::string dir;   // ".../nvidia_cudnn_cu13-9.19.0.56.dist-info"
    std::string name;  // "nvidia_cudnn_cu13"
    std::string version;
  };
  // The *.dist-info directories directly under `dir` whose name starts with one of `prefixes`.
  const std::vector<DistInfo>& dist_infos(const std::string& dir);
  // RECORD rows of a dist-info directory; empty when it is unreadable (a problem is recorded).
  const std::vector<parse::RecordRow>& record(const std::string& dist_info_dir);
  // version.json of a toolkit root, nullopt when it has none or it is malformed.
  const std::optional<parse::CudaVersionJson>& version_json(const std::string& root);

  std::vector<facts::ProbeProblem> problems;  // unreadable or malformed metadata found on the way

 private:
  const RootFs& fs_;
  std::map<std::string, std::vector<DistInfo>> dist_infos_;
  std::map<std::string, std::vector<parse::RecordRow>> records_;
  std::map<std::string, std::optional<parse::CudaVersionJson>> version_jsons_;
};

// `path` is the candidate as found, `info` its inspection (real_path, ELF,
// rodata strings for spec.rodata_prefix).
VersionResult detect_library_version(const RootFs& fs, const LibrarySpec& spec, const std::string& path,
                                     const LibraryFileInfo& info, VersionCache& cache);

// The header directories that belong to a library directory: <dir>/../include
// and, for a multiarch dir (/usr/lib/x86_64-linux-gnu), /usr/include and
// /usr/include/<triplet> (where NVIDIA's cuDNN and NCCL packages put theirs).
std::vector<std::string> include_dirs_for(const std::string& lib_dir);

}  // namespace gpudoctor::probe
