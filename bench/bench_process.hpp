#pragma once
// Timing a command the way a user runs it: a child process, its wall time
// and its peak resident memory; or its exit status and what it said, for a
// caller that decides itself what a failure means.

#include <string>
#include <vector>

namespace schemadiff::bench {

struct CommandCost {
  double wall_ms = 0;
  double peak_rss_mb = 0;
};

// Runs argv with stdout and stderr to /dev/null; throws when it fails.
CommandCost run_measured(const std::vector<std::string> &argv);

struct CommandOutcome {
  int exit_status = 0; // 128 + the signal when it was killed
  std::string errors;  // what it wrote to stderr
  double wall_ms = 0;
};

// Runs argv with stdout to /dev/null and stderr captured; never throws on
// the command's own failure.
CommandOutcome run_capturing_errors(const std::vector<std::string> &argv);

// The median wall time of `runs` runs, with the largest peak memory seen.
CommandCost median_of(int runs, const std::vector<std::string> &argv);

// A benchmark's main: runs it, and reports an error (after the cluster's
// destructor stopped the server and removed its directory) with exit 1.
int run_reporting_errors(int (*benchmark)(int, char **), int argc, char **argv);

} // namespace schemadiff::bench
