#include "probe/framework_mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/strings.hpp"

namespace gpudoctor::probe {

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

std::string MappedFile::open(const RootFs& fs, std::string_view path) {
  std::string hp = fs.host_path(path);
  // O_NONBLOCK: a FIFO planted under a library name must not block the probe.
  int fd = ::open(hp.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return util::to_lower(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return "not a regular file";
  }
  if (st.st_size == 0) {
    ::close(fd);
    return "empty file";
  }
  void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  int err = errno;
  ::close(fd);  // the mapping stays valid without the descriptor
  if (p == MAP_FAILED) return util::to_lower(std::strerror(err));
  data_ = p;
  size_ = static_cast<size_t>(st.st_size);
  return "";
}

}  // namespace gpudoctor::probe
