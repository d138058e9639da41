#pragma once
// Is this file one of the toolkit's link-time stubs rather than a real library?
//
// The CUDA toolkit ships stubs (lib64/stubs/libcuda.so, libnvidia-ml.so, ...) so
// programs can link without a driver. A stub's SONAME is the real one
// (libcuda.so.1) but its file name is bare, so the loader never picks it for
// "libcuda.so.1" unless someone adds a libcuda.so.1 link to it (ldconfig does
// exactly that when the stubs directory is in ld.so.conf); every call into it
// returns CUDA_ERROR_STUB_LIBRARY (34). Sources: libfabric PR #10365 ("the
// filenames of these stubs are bare ... the CUDA toolkit does not include any
// library file with the name libnvidia-ml.so.1 (or libcuda.so.1)"), spack issue
// #42825 (ldconfig creating stubs/libcuda.so.1), research/lowlevel.md §1.1.
#include <cstdint>
#include <string>
#include <string_view>

#include "probe/library_elf.hpp"

namespace gpudoctor::probe {

// Exports the real libcuda has and a stub does not: the cudbg* entry points
// cuda-gdb attaches through (cudbgGetAPI, cudbgApiInit, ...; the list of
// libcuda exports wrapped by tkestack/vcuda-controller include/cuda-helper.h).
// The toolkit stub exports only the public cu* API (637 symbols, none cudbg*,
// checked on /usr/local/cuda-13.0/lib/stubs/libcuda.so).
inline constexpr std::string_view kLibcudaDriverExport = "cudbgGetAPI";

// A stub is at most this big; a real libcuda is tens of MB.
inline constexpr uint64_t kStubMaxBytes = 8u << 20;

struct StubVerdict {
  bool is_stub = false;
  std::string reason;  // evidence, "" when not a stub
};

// `stem` is the library's file stem ("libcuda"); `driver_lib` marks libraries the
// driver (not the toolkit) installs, whose real files always carry the driver
// version (libcuda.so.550.54.15): for them a bare real name is a stub sign.
// `info` should have been inspected with kLibcudaDriverExport among the needles.
StubVerdict classify_stub(std::string_view path, const LibraryFileInfo& info, std::string_view stem, bool driver_lib);

// True when a path component is "stubs".
bool in_stubs_dir(std::string_view path);

}  // namespace gpudoctor::probe
