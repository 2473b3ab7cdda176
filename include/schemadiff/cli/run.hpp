#pragma once

namespace schemadiff::cli {

// The whole command line: parses argv, runs the command, prints any error
// once (passwords redacted) and returns the process exit status.
int run(int argc, char **argv);

} // namespace schemadiff::cli
