#include "cli/node_outputs.hpp"

#include "cli/presentation.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gpudoctor::cli {
namespace {

[[noreturn]] void fail(const std::string& what, int err) {
  throw WriteError("cannot write " + what + ": " + std::strerror(err));
}

}  // namespace

void add_node_output_options(CLI::App& app, GlobalOptions& g) {
  app.add_option("--prom-textfile", g.prom_textfile_dir,
                 "also write the metrics to DIR/gpudoctor.prom atomically, for node_exporter's textfile collector")
      ->type_name("DIR");
  app.add_option("--nfd-features", g.nfd_features_dir,
                 "also write a Node Feature Discovery feature file DIR/gpudoctor (labels gpudoctor.io/...)")
      ->type_name("DIR");
  app.add_option("--nfd-expiry", g.nfd_expiry_s, "seconds until the NFD labels expire (default 900)")
      ->check(CLI::Range(60.0, 7.0 * 86400));
}

void write_file_atomic(const std::string& dir, const std::string& name, const std::string& content) {
  const std::string path = dir + "/" + name;
  const std::string tmp = dir + "/." + name + "." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) fail(path, errno);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      ::close(fd);
      ::unlink(tmp.c_str());
      fail(path, err);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail(path, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail(path, err);
  }
  // The rename itself survives a crash only once the directory is on disk.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void write_node_outputs(const render::Report& report, const GlobalOptions& g) {
  render::Report r = report;
  r.redact = redact_options(g, false);
  if (!g.prom_textfile_dir.empty()) write_file_atomic(g.prom_textfile_dir, "gpudoctor.prom", render::render_prometheus(r));
  if (!g.nfd_features_dir.empty()) write_file_atomic(g.nfd_features_dir, "gpudoctor", render::render_nfd(r, g.nfd_expiry_s));
}

}  // namespace gpudoctor::cli
