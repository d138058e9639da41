#pragma once
// Where the product goes: stdout and files, every write checked. A report cut short by
// a full disk or a closed file must not read as a complete one with exit 0.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gpudoctor::cli {

// The output could not be written: exit 3 ("the tool failed"), one line on stderr.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes all of `text` to stdout and flushes it; throws OutputError with the errno text.
// A closed pipe kills the process with SIGPIPE as it would any filter (`gpudoctor | head`);
// only where SIGPIPE is ignored does EPIPE come back here, as an OutputError.
void write_stdout(std::string_view text);

// Writes `text` to the file `path` (created or truncated) and closes it. A file that
// cannot be opened is a UsageError (exit 2); a failed write or close an OutputError.
void write_file(const std::string& path, std::string_view text);

// The final flush of stdout at exit (output written with printf elsewhere); throws
// OutputError when stdout is in error.
void finish_stdout();

// The exit code and the one stderr line for the exception in flight (call it inside a
// catch block): UsageError 2 ("gpudoctor: error: ..."), OutputError 3 ("gpudoctor:
// error: ..."), anything else 3 ("gpudoctor: internal error: ..."). The Slurm check
// leaves a node alone on 2 and 3, so an internal error must never come out as 1.
int report_exception(std::exception_ptr e, std::FILE* err);

}  // namespace gpudoctor::cli
