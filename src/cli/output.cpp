#include "cli/output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/options.hpp"
#include "util/strings.hpp"

namespace gpudoctor::cli {
namespace {

std::string errno_text(int err) { return util::to_lower(std::strerror(err)); }

// One line on stderr, whatever the message holds.
void print_line(std::FILE* err, const char* prefix, std::string msg) {
  for (auto& c : msg)
    if (c == '\n' || c == '\r') c = ' ';
  std::fprintf(err, "gpudoctor: %s: %s\n", prefix, msg.c_str());
}

}  // namespace

void write_stdout(std::string_view text) {
  errno = 0;
  size_t n = std::fwrite(text.data(), 1, text.size(), stdout);
  if (n != text.size() || std::fflush(stdout) != 0 || std::ferror(stdout)) {
    int err = errno ? errno : EIO;
    std::clearerr(stdout);
    throw OutputError("cannot write the report to standard output: " + errno_text(err));
  }
}

void write_file(const std::string& path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw UsageError("cannot write " + path + ": " + errno_text(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t w = ::write(fd, text.data() + done, text.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      int err = w < 0 ? errno : EIO;
      ::close(fd);
      throw OutputError("cannot write " + path + ": " + errno_text(err));
    }
    done += static_cast<size_t>(w);
  }
  // close(2) is where NFS and some FUSE file systems report a failed write.
  if (::close(fd) != 0) throw OutputError("cannot write " + path + ": " + errno_text(errno));
}

void finish_stdout() {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    int err = errno ? errno : EIO;
    std::clearerr(stdout);
    throw OutputError("cannot write to standard output: " + errno_text(err));
  }
}

int report_exception(std::exception_ptr e, std::FILE* err) {
  try {
    std::rethrow_exception(e);
  } catch (const UsageError& x) {
    print_line(err, "error", x.what());
    return kExitUsage;
  } catch (const OutputError& x) {
    print_line(err, "error", x.what());
    return kExitInternal;
  } catch (const std::exception& x) {
    print_line(err, "internal error", x.what());
    return kExitInternal;
  } catch (...) {
    print_line(err, "internal error", "an exception that is not a std::exception");
    return kExitInternal;
  }
}

}  // namespace gpudoctor::cli
