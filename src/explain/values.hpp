#pragma once
// What a matched log line means: the captured values read by their names (cudnn_* is a
// cuDNN version, cuda_* a CUDA version, cc_* a compute capability, libver_* a library
// version number, lib/dep a library, err an error, xid an Xid), the lookups that decide the
// finding code, and the message/fix templates filled from them.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "explain/message_kb.hpp"
#include "findings/finding.hpp"

namespace gpudoctor::explain {

enum class LineKind { finding, benign, ok, none };

struct LineMeaning {
  LineKind kind = LineKind::none;
  std::string code;
  std::string cause;
  findings::Severity severity = findings::Severity::info;
  std::string message;  // filled template (for benign/ok: the note)
  std::string fix;      // filled template, "" = the code's default
  std::string library;  // facts library id when the line names one ("cudnn"), else ""
  std::string soname;   // the library file name as the log gives it
  std::map<std::string, std::string> values;  // normalised captures + derived values
};

// Decides what the line matched by `p` with `captures` says. kind none: the line names
// something the tables do not know and the row has no fallback (it is then not reported).
LineMeaning interpret(const MessageKb& kb, const MessagePattern& p,
                      const std::vector<std::pair<std::string, std::string>>& captures);

// Reads a captured value by its name (see the header comment); unknown names pass through.
std::string normalize_value(std::string_view name, std::string_view raw);

// Replaces {name} by values[name] ("" when absent) and tidies what empty values leave behind.
std::string fill_template(std::string_view tmpl, const std::map<std::string, std::string>& values);

}  // namespace gpudoctor::explain
