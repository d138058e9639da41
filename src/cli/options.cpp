#include "cli/options.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "probe/root_fs.hpp"
#include "util/strings.hpp"

namespace gpudoctor::cli {
namespace {

std::string errno_text(int err) { return util::to_lower(std::strerror(err)); }

std::string current_dir() {
  std::unique_ptr<char, decltype(&std::free)> cwd(::getcwd(nullptr, 0), &std::free);
  if (!cwd) throw UsageError("cannot resolve a relative path: the working directory is gone: " + errno_text(errno));
  return cwd.get();
}

// --root: an existing directory with something in it. A missing host mount (a
// DaemonSet's /host, a chroot not yet populated) must not be judged as a machine
// without a driver.
void check_root(const std::string& root) {
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0) throw UsageError("--root " + root + ": " + errno_text(errno));
  if (!S_ISDIR(st.st_mode)) throw UsageError("--root " + root + ": not a directory");
  probe::RootFs fs("/");
  auto names = fs.list_dir(root);
  if (!names) throw UsageError("--root " + root + ": " + names.error);
  if (names->empty()) throw UsageError("--root " + root + " is an empty directory: nothing to diagnose");
}

// --env DIR / --python PATH name a place inside --root. Relative ones resolve from the
// working directory, which only means something on the real root.
void check_env_paths(const GlobalOptions& g, std::vector<std::string>& paths, const char* option) {
  probe::RootFs fs(g.root);
  for (auto& p : paths) {
    if (p.empty()) throw UsageError(std::string(option) + " needs a path");
    if (p.front() != '/') {
      if (g.root != "/")
        throw UsageError(std::string(option) + " " + p + ": give an absolute path inside --root " + g.root);
      p = absolute_from_cwd(p);
    }
    if (auto st = fs.lstat(p); !st) {
      throw UsageError(std::string(option) + " " + p + ": " + st.error +
                       (g.root == "/" ? std::string() : " (inside --root " + g.root + ")"));
    }
  }
}

}  // namespace

std::string absolute_from_cwd(const std::string& path) {
  if (path.empty() || path == "-" || path.front() == '/') return path;
  // Not normalised lexically: "link/../x" is for the kernel to resolve.
  std::string cwd = current_dir();
  if (cwd.back() != '/') cwd += '/';
  return cwd + path;
}

void prepare_global_options(GlobalOptions& g) {
  if (g.root.empty()) throw UsageError("--root needs a directory");
  g.root = absolute_from_cwd(g.root);
  if (g.root != "/") check_root(g.root);
  g.kb_dir = absolute_from_cwd(g.kb_dir);
  g.facts_file = absolute_from_cwd(g.facts_file);
  check_env_paths(g, g.env_dirs, "--env");
  check_env_paths(g, g.pythons, "--python");
}

CLI::Validator finite_range(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return "not a number: " + text;
        if (!std::isfinite(v)) return "not a finite number: " + text;
        if (v < min || v > max) return "value " + text + " not in range [" + CLI::detail::to_string(min) + " - " +
                                       CLI::detail::to_string(max) + "]";
        return "";
      },
      "FLOAT in [" + CLI::detail::to_string(min) + " - " + CLI::detail::to_string(max) + "]");
}

}  // namespace gpudoctor::cli
