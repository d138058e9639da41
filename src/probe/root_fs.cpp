#include "probe/root_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

std::string errno_text(int err) { return std::strerror(err) ? util::to_lower(std::strerror(err)) : "error"; }

FileStat to_stat(const struct stat& st, bool is_link) {
  FileStat out;
  out.is_dir = S_ISDIR(st.st_mode);
  out.is_regular = S_ISREG(st.st_mode);
  out.is_char_device = S_ISCHR(st.st_mode);
  out.is_symlink = is_link;
  out.mode = st.st_mode & 07777;
  out.uid = st.st_uid;
  out.gid = st.st_gid;
  out.rdev_major = major(st.st_rdev);
  out.rdev_minor = minor(st.st_rdev);
  out.size = static_cast<uint64_t>(st.st_size);
  return out;
}

}  // namespace

RootFs::RootFs(std::string root) : root_(std::move(root)) {
  while (!root_.empty() && root_.back() == '/') root_.pop_back();
}

std::string RootFs::host_path(std::string_view path) const {
  std::string p(path);
  if (p.empty() || p.front() != '/') p.insert(p.begin(), '/');
  return root_ + p;
}

// Under a fixture root an absolute link (/usr/local/cuda -> /usr/local/cuda-12.2) must
// be followed inside the root: the kernel would follow it on the host instead. The real
// root needs no walk.
Result<std::string> RootFs::host_target(std::string_view path, bool follow_last) const {
  if (root_.empty()) return Result<std::string>::ok(host_path(path));
  if (follow_last) {
    auto real = resolve(path);
    if (!real) return Result<std::string>::fail(real.error);
    return Result<std::string>::ok(host_path(*real));
  }
  std::string norm = path_normalize(path);
  std::string base = path_basename(norm);
  if (base.empty() || base == "/" || base == "." || base == "..")
    return host_target(norm, true);
  auto dir = resolve(path_dirname(norm));
  if (!dir) return Result<std::string>::fail(dir.error);
  return Result<std::string>::ok(host_path(path_join(*dir, base)));
}

Result<std::string> RootFs::read(std::string_view path, size_t max_bytes, bool* truncated) const {
  if (truncated) *truncated = false;
  auto target = host_target(path, true);
  if (!target) return Result<std::string>::fail(target.error);
  const std::string& hp = *target;
  int fd = ::open(hp.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Result<std::string>::fail(errno_text(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Result<std::string>::fail("is a directory");
  }
  if (::fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISDIR(st.st_mode)) {
    // FIFOs and sockets could block a reader forever.
    ::close(fd);
    return Result<std::string>::fail("not a regular file");
  }
  std::string out;
  char buf[65536];
  for (;;) {
    size_t want = std::min(sizeof buf, max_bytes - out.size() + 1);
    ssize_t n = ::read(fd, buf, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Result<std::string>::fail(errno_text(err));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      out.resize(max_bytes);
      if (truncated) *truncated = true;
      break;
    }
  }
  ::close(fd);
  return Result<std::string>::ok(std::move(out));
}

Result<std::vector<std::string>> RootFs::list_dir(std::string_view path) const {
  auto target = host_target(path, true);
  if (!target) return Result<std::vector<std::string>>::fail(target.error);
  const std::string& hp = *target;
  DIR* d = ::opendir(hp.c_str());
  if (!d) return Result<std::vector<std::string>>::fail(errno_text(errno));
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    names.emplace_back(e->d_name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return Result<std::vector<std::string>>::ok(std::move(names));
}

Result<std::string> RootFs::read_link(std::string_view path) const {
  auto target = host_target(path, false);
  if (!target) return Result<std::string>::fail(target.error);
  const std::string& hp = *target;
  char buf[4096];
  ssize_t n = ::readlink(hp.c_str(), buf, sizeof buf - 1);
  if (n < 0) return Result<std::string>::fail(errno_text(errno));
  return Result<std::string>::ok(std::string(buf, static_cast<size_t>(n)));
}

Result<std::string> RootFs::resolve(std::string_view path) const {
  // Component-wise walk so absolute link targets stay inside the root.
  std::vector<std::string> todo;
  const std::string normalized = path_normalize(path);
  for (auto part : util::split(normalized, '/'))
    if (!part.empty()) todo.emplace_back(part);
  std::reverse(todo.begin(), todo.end());
  std::string done;  // resolved prefix, absolute inside root
  int hops = 0;
  while (!todo.empty()) {
    std::string comp = todo.back();
    todo.pop_back();
    if (comp == ".") continue;
    if (comp == "..") {
      done = path_dirname(done.empty() ? "/" : done);
      if (done == "/") done.clear();
      continue;
    }
    std::string next = done + "/" + comp;
    struct stat st {};
    if (::lstat(host_path(next).c_str(), &st) != 0) return Result<std::string>::fail(errno_text(errno));
    if (S_ISLNK(st.st_mode)) {
      if (++hops > 40) return Result<std::string>::fail("too many levels of symbolic links");
      // `next` is already resolved: read the link directly (read_link would walk again).
      char buf[4096];
      ssize_t n = ::readlink(host_path(next).c_str(), buf, sizeof buf - 1);
      if (n < 0) return Result<std::string>::fail(errno_text(errno));
      auto target = std::optional<std::string>(std::string(buf, static_cast<size_t>(n)));
      std::vector<std::string> parts;
      for (auto part : util::split(*target, '/'))
        if (!part.empty()) parts.emplace_back(part);
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) todo.push_back(*it);
      if (!target->empty() && target->front() == '/') done.clear();
      continue;
    }
    done = next;
  }
  return Result<std::string>::ok(done.empty() ? "/" : done);
}

Result<FileStat> RootFs::stat(std::string_view path) const {
  auto target = host_target(path, true);
  if (!target) return Result<FileStat>::fail(target.error);
  struct stat st {};
  if (::stat(target->c_str(), &st) != 0) return Result<FileStat>::fail(errno_text(errno));
  return Result<FileStat>::ok(to_stat(st, false));
}

Result<FileStat> RootFs::lstat(std::string_view path) const {
  auto target = host_target(path, false);
  if (!target) return Result<FileStat>::fail(target.error);
  struct stat st {};
  if (::lstat(target->c_str(), &st) != 0) return Result<FileStat>::fail(errno_text(errno));
  return Result<FileStat>::ok(to_stat(st, S_ISLNK(st.st_mode)));
}

bool RootFs::exists(std::string_view path) const { return static_cast<bool>(lstat(path)); }
bool RootFs::is_dir(std::string_view path) const {
  auto st = stat(path);
  return st && st->is_dir;
}
bool RootFs::is_file(std::string_view path) const {
  auto st = stat(path);
  return st && st->is_regular;
}

std::string path_join(std::string_view a, std::string_view b) {
  std::string out(a);
  while (!out.empty() && out.back() == '/') out.pop_back();
  while (!b.empty() && b.front() == '/') b.remove_prefix(1);
  out += '/';
  out += b;
  return out;
}

std::string path_dirname(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  auto pos = p.rfind('/');
  if (pos == std::string_view::npos) return ".";
  if (pos == 0) return "/";
  return std::string(p.substr(0, pos));
}

std::string path_basename(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  auto pos = p.rfind('/');
  return std::string(pos == std::string_view::npos ? p : p.substr(pos + 1));
}

std::string path_normalize(std::string_view p) {
  bool abs = !p.empty() && p.front() == '/';
  std::vector<std::string_view> out;
  for (auto part : util::split(p, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!out.empty() && out.back() != "..") out.pop_back();
      else if (!abs) out.push_back(part);
      continue;
    }
    out.push_back(part);
  }
  std::string s = abs ? "/" : "";
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) s += '/';
    s += out[i];
  }
  return s.empty() ? "." : s;
}

}  // namespace gpudoctor::probe
