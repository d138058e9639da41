#pragma once
// Every file a probe reads goes through RootFs, so tests point probes at fixture
// trees standing in for /proc, /sys, /usr/lib and site-packages (procfs-style).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::probe {

// A value or the reason it could not be had ("permission denied", ...).
template <class T>
struct Result {
  std::optional<T> value;
  std::string error;
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  const T* operator->() const { return &*value; }
  static Result ok(T v) { return Result{std::move(v), {}}; }
  static Result fail(std::string e) { return Result{std::nullopt, std::move(e)}; }
};

struct FileStat {
  bool is_dir = false;
  bool is_regular = false;
  bool is_char_device = false;
  bool is_symlink = false;  // of the path itself (lstat)
  uint32_t mode = 0;        // permission bits
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t rdev_major = 0;
  uint32_t rdev_minor = 0;
  uint64_t size = 0;
};

class RootFs {
 public:
  explicit RootFs(std::string root = "/");

  const std::string& root() const { return root_; }
  // The real path on this machine for an absolute path inside the root.
  std::string host_path(std::string_view path) const;

  // One bounded read loop: pseudo-files report st_size 0 or 4096, so it is never trusted.
  // Longer files are cut at max_bytes (and `truncated` set).
  Result<std::string> read(std::string_view path, size_t max_bytes = 1u << 20,
                           bool* truncated = nullptr) const;
  Result<std::vector<std::string>> list_dir(std::string_view path) const;  // sorted names
  Result<std::string> read_link(std::string_view path) const;
  // Follows symlinks inside the root (absolute targets are re-rooted); a loop or
  // more than 40 hops fails with "too many levels of symbolic links".
  Result<std::string> resolve(std::string_view path) const;
  Result<FileStat> stat(std::string_view path) const;   // follows symlinks
  Result<FileStat> lstat(std::string_view path) const;
  bool exists(std::string_view path) const;
  bool is_dir(std::string_view path) const;
  bool is_file(std::string_view path) const;

 private:
  Result<std::string> host_target(std::string_view path, bool follow_last) const;
  std::string root_;  // "" for the real root, else without trailing '/'
};

// Joins path components with single slashes; an absolute `b` still appends.
std::string path_join(std::string_view a, std::string_view b);
std::string path_dirname(std::string_view p);
std::string path_basename(std::string_view p);
// Lexically normalises "a/./b/../c" to "a/c" (no filesystem access).
std::string path_normalize(std::string_view p);

}  // namespace gpudoctor::probe
