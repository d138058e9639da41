#pragma once
// The abbreviation of a signal ("KILL" for SIGKILL), from the platform's own SIG* macros.
// glibc's sigabbrev_np does the same but exists only in glibc >= 2.32, above the wheel's
// manylinux2014 floor (glibc 2.17).
#include <string_view>

namespace gpudoctor::util {

// Empty for a number that names no standard signal (real-time signals included).
std::string_view signal_abbrev(int signal);

}  // namespace gpudoctor::util
