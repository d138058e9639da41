// libFuzzer target for /proc/driver/nvidia/gpus/*/information: a value or an error
// string; the device minor is either unknown (-1) or a plausible minor number.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/proc_gpu_info.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = gpudoctor::parse::parse_proc_gpu_info(text);
  if (!r) {
    if (r.error.empty()) std::abort();
    return 0;
  }
  if (r->device_minor < -1 || r->device_minor >= (1 << 20)) std::abort();
  if (r->model.find('\0') != std::string::npos) std::abort();
  return 0;
}
