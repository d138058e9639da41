#pragma once
// /proc/driver/nvidia/version and /sys/module/nvidia/version. The procfs file is
// two lines, "NVRM version: %s\n" (pNVRM_ID) then "GCC version:  %s\n"
// (NVIDIA/open-gpu-kernel-modules kernel-open/nvidia/nv-procfs.c nv_procfs_read_version):
//   NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023
//   NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  555.42.06  Release Build  (...)  <date>
//   NVRM version: NVIDIA UNIX aarch64 Kernel Module  550.120  Fri Sep 13 11:01:10 UTC 2024
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct NvrmVersion {
  std::string nvrm_line;  // the "NVRM version:" line, trimmed
  std::string version;    // "535.104.05"
  bool open = false;      // "Open Kernel Module" flavour
  std::string arch;       // "x86_64", "aarch64", "" when not recognisable
  std::string gcc_line;   // the "GCC version:" line, trimmed, "" when absent
};

// Takes the first whitespace-separated token of the NVRM line that is a driver
// version (not "the token after Kernel Module": for the open flavour that is "for").
ParseResult<NvrmVersion> parse_nvrm_version(std::string_view text);

// "535.104.05", "550.54", "580.142": ^\d+\.\d+(\.\d+)?$
bool is_driver_version(std::string_view token);

// /sys/module/nvidia/version holds just the version and a newline.
ParseResult<std::string> parse_module_version(std::string_view text);

}  // namespace gpudoctor::parse
