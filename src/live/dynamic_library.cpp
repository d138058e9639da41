#include "live/dynamic_library.hpp"

#include <dlfcn.h>
#include <link.h>
#include <limits.h>
#include <stdlib.h>

namespace gpudoctor::live {

DynamicLibrary::~DynamicLibrary() {
  if (handle_) ::dlclose(handle_);
}

bool DynamicLibrary::open(const std::string& name) {
  info_ = {};
  info_.requested = name;
  // RTLD_LOCAL: the driver's symbols must not satisfy anything else we load later.
  handle_ = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char* e = ::dlerror();
    info_.error = e ? e : "dlopen failed";
    return false;
  }
  info_.loaded = true;
  link_map* lm = nullptr;
  if (::dlinfo(handle_, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_name) info_.path = lm->l_name;
  if (!info_.path.empty()) {
    char real[PATH_MAX];
    if (::realpath(info_.path.c_str(), real)) info_.real_path = real;
  }
  return true;
}

void* DynamicLibrary::symbol(const char* name) const { return handle_ ? ::dlsym(handle_, name) : nullptr; }

}  // namespace gpudoctor::live
