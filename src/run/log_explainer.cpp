#include "run/log_explainer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <istream>
#include <streambuf>

namespace gpudoctor::run {
namespace {

// An istream source reading a file descriptor.
class FdBuf : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    for (;;) {
      ssize_t n = ::read(fd_, buf_, sizeof buf_);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return traits_type::eof();
      setg(buf_, buf_, buf_ + n);
      return traits_type::to_int_type(*gptr());
    }
  }

 private:
  int fd_;
  char buf_[65536];
};

}  // namespace

LogExplainer::LogExplainer(const explain::MessageKb& kb) : kb_(kb) {}

LogExplainer::~LogExplainer() {
  if (thread_.joinable()) finish();
}

bool LogExplainer::start(std::string& error) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  read_fd_ = fds[0];
  write_fd_ = fds[1];
  thread_ = std::thread([this] {
    FdBuf buf(read_fd_);
    std::istream in(&buf);
    result_ = explain::explain_log(in, kb_);
    // Whatever explain_log left unread (it should read to the end) must not block feed().
    char sink[4096];
    while (::read(read_fd_, sink, sizeof sink) > 0) {
    }
  });
  return true;
}

void LogExplainer::feed(const char* data, size_t n) {
  while (n > 0 && write_fd_ >= 0) {
    ssize_t w = ::write(write_fd_, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    data += w;
    n -= static_cast<size_t>(w);
  }
}

explain::ExplainResult LogExplainer::finish() {
  if (write_fd_ >= 0) ::close(write_fd_);
  write_fd_ = -1;
  if (thread_.joinable()) thread_.join();
  if (read_fd_ >= 0) ::close(read_fd_);
  read_fd_ = -1;
  return std::move(result_);
}

}  // namespace gpudoctor::run
