#include "util/signal_name.hpp"

#include <gtest/gtest.h>
#include <string.h>

#include <csignal>

namespace gpudoctor::util {

TEST(SignalName, NamesTheStandardSignals) {
  EXPECT_EQ(signal_abbrev(SIGKILL), "KILL");
  EXPECT_EQ(signal_abbrev(SIGSEGV), "SEGV");
  EXPECT_EQ(signal_abbrev(SIGBUS), "BUS");
  EXPECT_EQ(signal_abbrev(SIGUSR1), "USR1");
}

TEST(SignalName, EmptyForNoSignal) {
  EXPECT_EQ(signal_abbrev(0), "");
  EXPECT_EQ(signal_abbrev(-1), "");
  EXPECT_EQ(signal_abbrev(SIGRTMIN + 1), "");
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
// Where glibc has sigabbrev_np, the table must agree with it for every classic signal.
TEST(SignalName, AgreesWithGlibc) {
  for (int s = 1; s < 32; ++s) {
    const char* glibc = ::sigabbrev_np(s);
    if (!glibc) continue;
    std::string_view ours = signal_abbrev(s);
    // glibc names 6 "ABRT" and SIGIO "POLL" (its twin SIGPOLL), as the table does.
    EXPECT_EQ(ours, glibc) << "signal " << s;
  }
}
#endif

}  // namespace gpudoctor::util
