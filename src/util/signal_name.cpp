#include "util/signal_name.hpp"

#include <csignal>
#include <utility>

namespace gpudoctor::util {

std::string_view signal_abbrev(int signal) {
  // The macros, not numbers: SIGBUS, SIGUSR1 ... differ between architectures.
  static constexpr std::pair<int, std::string_view> kNames[] = {
      {SIGHUP, "HUP"},     {SIGINT, "INT"},       {SIGQUIT, "QUIT"},     {SIGILL, "ILL"},   {SIGTRAP, "TRAP"},
      {SIGABRT, "ABRT"},   {SIGBUS, "BUS"},       {SIGFPE, "FPE"},       {SIGKILL, "KILL"}, {SIGUSR1, "USR1"},
      {SIGSEGV, "SEGV"},   {SIGUSR2, "USR2"},     {SIGPIPE, "PIPE"},     {SIGALRM, "ALRM"}, {SIGTERM, "TERM"},
      {SIGCHLD, "CHLD"},   {SIGCONT, "CONT"},     {SIGSTOP, "STOP"},     {SIGTSTP, "TSTP"}, {SIGTTIN, "TTIN"},
      {SIGTTOU, "TTOU"},   {SIGURG, "URG"},       {SIGXCPU, "XCPU"},     {SIGXFSZ, "XFSZ"}, {SIGVTALRM, "VTALRM"},
      {SIGPROF, "PROF"},   {SIGWINCH, "WINCH"},   {SIGIO, "POLL"},         {SIGPWR, "PWR"},   {SIGSYS, "SYS"},
#ifdef SIGSTKFLT
      {SIGSTKFLT, "STKFLT"},
#endif
  };
  for (const auto& [number, name] : kNames)
    if (number == signal) return name;
  return {};
}

}  // namespace gpudoctor::util
