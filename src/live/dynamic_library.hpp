#pragma once
// dlopen of a driver library, and where the loader really found it: the answer to
// "which libcuda did this process get?" is the link map, not a guess from the search path.
#include <initializer_list>
#include <string>

#include "facts/live_facts.hpp"

namespace gpudoctor::live {

class DynamicLibrary {
 public:
  DynamicLibrary() = default;
  DynamicLibrary(const DynamicLibrary&) = delete;
  DynamicLibrary& operator=(const DynamicLibrary&) = delete;
  ~DynamicLibrary();

  // `name` is a SONAME ("libcuda.so.1", searched like a program would) or a path.
  bool open(const std::string& name);
  void* symbol(const char* name) const;
  // The first of `names` that the library exports (versioned names first).
  template <class Fn>
  void bind(Fn*& fn, std::initializer_list<const char*> names) const {
    fn = nullptr;
    for (const char* n : names)
      if (void* p = symbol(n)) {
        fn = reinterpret_cast<Fn*>(p);
        return;
      }
  }
  bool loaded() const { return handle_ != nullptr; }
  const facts::LoadedLibrary& info() const { return info_; }

 private:
  void* handle_ = nullptr;
  facts::LoadedLibrary info_;
};

}  // namespace gpudoctor::live
