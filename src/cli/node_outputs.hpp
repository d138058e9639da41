#pragma once
// Files gpudoctor leaves for the node agents of a fleet: node_exporter's textfile
// collector (--prom-textfile DIR) and Node Feature Discovery (--nfd-features DIR).
#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>

#include "cli/options.hpp"
#include "cli/output.hpp"
#include "render/report.hpp"

namespace gpudoctor::cli {

// A file could not be written: "gpudoctor: error: ..." with exit code 3, like any output.
using WriteError = OutputError;

void add_node_output_options(CLI::App& app, GlobalOptions& g);

// Writes DIR/NAME so that a reader sees the old file or the new one, never a part: a
// dot-file beside it (ignored by node_exporter, which reads *.prom, and by NFD, which
// skips dot-files), fsync, rename, fsync of the directory. Throws WriteError.
void write_file_atomic(const std::string& dir, const std::string& name, const std::string& content);

// What --prom-textfile and --nfd-features ask for, after the report was printed.
void write_node_outputs(const render::Report& r, const GlobalOptions& g);

}  // namespace gpudoctor::cli
