#include "probe/library_elf.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/strings.hpp"

namespace gpudoctor::probe {

MappedLibraryFile::MappedLibraryFile(MappedLibraryFile&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}

MappedLibraryFile& MappedLibraryFile::operator=(MappedLibraryFile&& o) noexcept {
  if (this != &o) {
    if (data_) ::munmap(data_, size_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

MappedLibraryFile::~MappedLibraryFile() {
  if (data_) ::munmap(data_, size_);
}

Result<MappedLibraryFile> MappedLibraryFile::open(const RootFs& fs, std::string_view resolved_path) {
  auto fail = [](int err) { return Result<MappedLibraryFile>::fail(util::to_lower(std::strerror(err))); };
  std::string hp = fs.host_path(resolved_path);
  // O_NONBLOCK: a FIFO planted under a library name must not block the probe.
  int fd = ::open(hp.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return fail(errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return fail(err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Result<MappedLibraryFile>::fail(S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
  }
  MappedLibraryFile m;
  if (st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      return fail(err);
    }
    m.data_ = p;
    m.size_ = static_cast<size_t>(st.st_size);
  }
  ::close(fd);
  return Result<MappedLibraryFile>::ok(std::move(m));
}

std::string elf_machine_name(uint16_t machine) {
  switch (machine) {
    case 3: return "x86";
    case 40: return "arm";
    case 62: return "x86_64";
    case 21: return "ppc64";
    case 183: return "aarch64";
    case 190: return "cuda";
    case 243: return "riscv";
    default: return "EM " + std::to_string(machine);
  }
}

LibraryFileInfo inspect_library_file(const RootFs& fs, std::string_view path, const LibraryFileOptions& opts) {
  LibraryFileInfo info;
  auto real = fs.resolve(path);
  if (!real) {
    info.error = real.error;
    return info;
  }
  info.real_path = *real;
  auto mapped = MappedLibraryFile::open(fs, *real);
  if (!mapped) {
    info.error = mapped.error;
    return info;
  }
  std::string_view bytes = mapped->bytes();
  info.size = bytes.size();
  info.loader_verdict = verify_elf_header(bytes.substr(0, 64), opts.arch);
  if (bytes.size() > 4 && bytes.substr(0, 4) == "\x7f" "ELF") {
    if (bytes[4] == 1) info.elf_class = "ELF32";
    if (bytes[4] == 2) info.elf_class = "ELF64";
  }
  auto elf = parse::parse_elf(bytes);
  if (!elf) {
    info.error = elf.error.empty() ? "malformed elf" : elf.error;
    return info;
  }
  info.elf = std::move(*elf.value);
  if (!opts.dynstr_needles.empty()) {
    if (const auto* sec = parse::find_section(info.elf, ".dynstr")) {
      if (auto dynstr = parse::section_bytes(bytes, *sec)) {
        info.has_dynstr = true;
        for (const auto& needle : opts.dynstr_needles) {
          // Whole strings only: "\0name\0".
          std::string boxed = std::string(1, '\0') + needle + '\0';
          if (dynstr->find(boxed) != std::string_view::npos) info.dynstr_found.push_back(needle);
        }
      }
    }
  }
  if (!opts.rodata_prefix.empty()) {
    if (const auto* sec = parse::find_section(info.elf, ".rodata")) {
      if (auto ro = parse::section_bytes(bytes, *sec)) {
        std::string_view scan = ro->substr(0, std::min(ro->size(), opts.max_rodata_scan));
        info.rodata_strings = parse::find_strings_with_prefix(scan, opts.rodata_prefix, 4, 256);
      }
    }
  }
  return info;
}

}  // namespace gpudoctor::probe
