#pragma once
// Explains the command's stderr while it runs: the bytes are written into a pipe that
// `explain_log` reads on its own thread, so memory stays bounded (a pipe buffer plus the
// explainer's line) however much the command writes. A slow explainer slows the copy
// rather than buffering without limit.
#include <memory>
#include <thread>

#include "explain/explain.hpp"
#include "explain/message_kb.hpp"

namespace gpudoctor::run {

class LogExplainer {
 public:
  explicit LogExplainer(const explain::MessageKb& kb);
  ~LogExplainer();
  LogExplainer(const LogExplainer&) = delete;
  LogExplainer& operator=(const LogExplainer&) = delete;

  // Starts the reading thread; false (and `error`) when no pipe could be made.
  bool start(std::string& error);
  void feed(const char* data, size_t n);
  // End of the log: waits for the explainer and returns what it found.
  explain::ExplainResult finish();

 private:
  const explain::MessageKb& kb_;
  int write_fd_ = -1, read_fd_ = -1;
  std::thread thread_;
  explain::ExplainResult result_;
};

}  // namespace gpudoctor::run
