#pragma once
// The run's report: a table for people on stdout, one JSON object for
// tools, and the correctness verdict of --check.

#include <ostream>
#include <string>

#include "loadgen/load_options.h"
#include "loadgen/load_run.h"

namespace bench {

void printTable(const LoadOptions& options, const RunResult& result, std::ostream& out);
std::string toJson(const LoadOptions& options, const RunResult& result);
// Empty when every delivery was exact (each accepted message reached each
// member once, in order) and nothing failed; else what went wrong.
std::string checkFailure(const LoadOptions& options, const RunResult& result);

}  // namespace bench
