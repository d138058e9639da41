#include "probe/library_stub.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace gpudoctor::probe {

bool in_stubs_dir(std::string_view path) {
  auto parts = util::split(path, '/');
  if (!parts.empty()) parts.pop_back();  // the file name itself
  return std::find(parts.begin(), parts.end(), "stubs") != parts.end();
}

StubVerdict classify_stub(std::string_view path, const LibraryFileInfo& info, std::string_view stem, bool driver_lib) {
  if (in_stubs_dir(path)) return {true, "under a stubs/ directory"};
  if (!info.real_path.empty() && in_stubs_dir(info.real_path)) return {true, "links into a stubs/ directory"};
  if (!driver_lib || !info.error.empty()) return {};
  std::string real_name = path_basename(info.real_path.empty() ? path : info.real_path);
  bool small = info.size <= kStubMaxBytes;
  if (real_name == std::string(stem) + ".so" && small)
    return {true, "real file is the bare " + real_name + " of a toolkit stub, not a versioned driver file"};
  // WSL's /usr/lib/wsl/lib copies come from the Windows driver store, never from
  // a toolkit; their exports are not known here, so they are left alone.
  if (stem == "libcuda" && small && info.has_dynstr && !util::starts_with(path, "/usr/lib/wsl/") &&
      std::find(info.dynstr_found.begin(), info.dynstr_found.end(), kLibcudaDriverExport) == info.dynstr_found.end())
    return {true, "lacks the driver's " + std::string(kLibcudaDriverExport) + " export and is small"};
  return {};
}

}  // namespace gpudoctor::probe
