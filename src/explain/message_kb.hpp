#pragma once
// The message knowledge base of `gpudoctor explain`, read from kb/messages_*.tsv: the log
// message patterns and the tables that decide what a captured value means (CUDA/cuDNN errors,
// library names, Xid numbers, per-code explanations). Pure data plus the compiled matcher;
// no I/O here (the tables come from kb::Kb, embedded or --kb).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "findings/finding.hpp"
#include "kb/kb.hpp"
#include "kb/table.hpp"
#include "explain/status_codes.hpp"

namespace gpudoctor::explain {

// What a pattern row decides: a fixed finding code, harmless noise, a sign the GPU works, or
// a lookup of a captured value in one of the tables.
enum class Decision { code, benign, ok, by_lib, by_error, by_xid };

struct MessagePattern {
  std::string id;         // "tf.dso_load_failed"; unique across files
  std::string file;       // "kb/messages_tensorflow.tsv"
  std::string framework;
  Decision decision = Decision::code;
  std::string code;       // the fixed code, or the fallback of a lookup ("" = drop unresolved)
  std::string cause;      // overrides the code's cause ("" = the code's)
  std::optional<findings::Severity> severity;  // overrides the code's
  int prio = 50;
  std::string pattern;
  std::string message;    // template
  std::string fix;        // template; "" = the code's default fix
  std::string source;
  std::string example;
  std::string quiet;
};

// A status code of the CUDA stack (kb/status_*.tsv) as explain uses it.
struct ErrorInfo {
  std::string name;    // "CUDA_ERROR_NO_DEVICE"
  std::string number;  // "100" (the old number for a code since removed)
  std::string text;    // "no CUDA-capable device is detected"
  std::string code;    // finding code, "" = the row's fallback decides
  std::string cause;
  std::string meaning;
  std::string family;  // "CUresult", "cudaError_t", "nvmlReturn_t", ...
};

struct LibInfo {
  std::string pattern;  // regex on the file name
  std::string library;  // facts id: "cudnn", "cudart", "libcuda", ...
  std::string code;     // X8xx or "benign"
  std::string cause;
  std::string what;
  std::string wanted_by;
};

struct XidInfo {
  std::string xid, name, cause, meaning;
  findings::Severity severity = findings::Severity::error;
};

struct CodeInfo {
  std::string code;
  std::vector<std::string> explains;
  std::string explanation;
  std::string fix;
};

class LineMatcher;

class MessageKb {
 public:
  // Reads every kb/messages_*.tsv of `kb` that has an `id` and a `pattern` column, the status
  // tables kb/status_*.tsv, and kb/messages_{libs,xid,codes}.tsv. Throws std::runtime_error
  // naming the file and row on a malformed table or a pattern RE2 rejects.
  static MessageKb load(const kb::Kb& kb);
  // The same from parsed tables (tests).
  static MessageKb build(const std::vector<const kb::Table*>& pattern_tables,
                         const std::vector<const kb::Table*>& status_tables, const kb::Table& libs,
                         const kb::Table& xids, const kb::Table& codes);
  // The kb/status_*.tsv tables of `kb`.
  static std::vector<const kb::Table*> status_tables(const kb::Kb& kb);

  MessageKb(MessageKb&&) noexcept;
  MessageKb& operator=(MessageKb&&) noexcept;
  ~MessageKb();

  const std::vector<MessagePattern>& patterns() const { return patterns_; }
  const MessagePattern* pattern(std::string_view id) const;
  const LineMatcher& matcher() const { return *matcher_; }

  // A status code named, described or numbered anywhere in `s` in any spelling
  // (explain/status_codes.hpp: "CUDA_ERROR_NO_DEVICE: ...", "CUresult(100)", "UNKNOWN ERROR
  // (303)", "(0 vs. 216)", "unhandled system error"); name beats text beats number.
  const ErrorInfo* find_error(std::string_view s) const;
  const StatusCodes& status_codes() const;
  // The library a file name (or path, or JAX component name such as "cuDNN") stands for.
  const LibInfo* find_lib(std::string_view name) const;
  const XidInfo* find_xid(std::string_view xid) const;
  const CodeInfo* code_info(std::string_view code) const;

  const std::vector<ErrorInfo>& errors() const { return errors_; }
  const std::vector<LibInfo>& libs() const { return libs_; }
  const std::vector<XidInfo>& xids() const { return xids_; }
  const std::vector<CodeInfo>& codes() const { return codes_; }

 private:
  MessageKb();
  std::vector<MessagePattern> patterns_;
  std::vector<ErrorInfo> errors_;
  std::vector<LibInfo> libs_;
  std::vector<XidInfo> xids_;
  std::vector<CodeInfo> codes_;
  std::unique_ptr<LineMatcher> matcher_;
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;  // regexes of the lookup tables
};

}  // namespace gpudoctor::explain
