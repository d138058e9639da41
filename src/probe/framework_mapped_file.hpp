#pragma once
// Read-only memory map of a file inside the probe root. Framework libraries are
// large (libtensorflow_cc.so.2 is ~1 GB) and only their headers are read, so they
// are mapped, never copied into memory.
#include <string>
#include <string_view>

#include "probe/root_fs.hpp"

namespace gpudoctor::probe {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // Maps `path` (absolute inside the root, symlinks already resolved); "" on
  // success, else the reason ("no such file or directory", "empty file").
  std::string open(const RootFs& fs, std::string_view path);
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace gpudoctor::probe
