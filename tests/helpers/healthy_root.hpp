#pragma once
// A fully healthy machine root, made at test time (git holds neither device nodes nor
// binaries): tests/fixtures/roots/h100_ok copied into a temporary directory, its /dev
// placeholders replaced by real character devices (mknod: tests run as root) with the
// driver's numbers, and the driver's user-space libraries (libcuda, NVML) as minimal ELF
// files named with the kernel module's version, 550.54.15.
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "probe/library_scenario.hpp"

namespace gdtest {

class HealthyRoot {
 public:
  static constexpr const char* kDriver = "550.54.15";

  HealthyRoot() {
    namespace fs = std::filesystem;
    using gpudoctor::testing::SoBuilder;
    if (!SoBuilder::instance().available()) {
      why_not_ = "no C compiler to build the fake driver libraries";
      return;
    }
    fs::copy(std::string(GD_FIXTURES) + "/roots/h100_ok", root(), fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    // /proc/devices of h100_ok: nvidia-frontend 195, nvidia-uvm 509.
    struct Node {
      const char* name;
      unsigned major, minor;
    };
    for (Node n : {Node{"nvidiactl", 195, 255}, Node{"nvidia0", 195, 0}, Node{"nvidia-modeset", 195, 254},
                   Node{"nvidia-uvm", 509, 0}, Node{"nvidia-uvm-tools", 509, 1}}) {
      std::string p = root() + "/dev/" + n.name;
      fs::remove(p);
      if (::mknod(p.c_str(), S_IFCHR | 0666, makedev(n.major, n.minor)) != 0) {
        why_not_ = std::string("mknod ") + p + ": " + std::strerror(errno);
        return;
      }
      ::chmod(p.c_str(), 0666);
    }
    const std::string lib = "/usr/lib/x86_64-linux-gnu";
    std::vector<gpudoctor::testing::CacheEntry> cache;
    struct Lib {
      std::string stem, soname;
      std::vector<std::string> syms;
    };
    const Lib libs[] = {{"libcuda", "libcuda.so.1", {"cuInit", "cudbgGetAPI"}},
                        {"libnvidia-ml", "libnvidia-ml.so.1", {"nvmlInit_v2"}}};
    for (const auto& [stem, soname, syms] : libs) {
      std::string err;
      std::string built = SoBuilder::instance().build(soname, syms, "", &err);
      if (built.empty()) {
        why_not_ = err;
        return;
      }
      std::string file = stem + ".so." + kDriver;
      gpudoctor::testing::write_file(root() + lib + "/" + file, gpudoctor::testing::read_file(built));
      fs::create_symlink(file, root() + lib + "/" + soname);
      cache.push_back({soname, lib + "/" + soname});
    }
    // ldconfig's cache, as a driver install leaves it.
    gpudoctor::testing::write_file(root() + "/etc/ld.so.cache", gpudoctor::testing::build_ld_so_cache(cache));
  }

  bool ok() const { return why_not_.empty(); }
  const std::string& why_not() const { return why_not_; }
  const std::string& root() const { return dir_.path(); }

 private:
  gpudoctor::testing::TempDir dir_;
  std::string why_not_;
};

}  // namespace gdtest
