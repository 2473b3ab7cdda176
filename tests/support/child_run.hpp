#pragma once
// Running the schemadiff executable from a test, as a user would.

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::testing {

struct ProgramRun {
  std::vector<std::string> arguments;          // without the program
  std::map<std::string, std::string> environment; // set (empty value: unset) on top of ours
  std::optional<std::filesystem::path> directory; // working directory
};

struct ProgramResult {
  int status = -1; // exit status, or 128 + signal
  std::string out;
  std::string err;
};

// Runs schemadiff to completion.
ProgramResult run_schemadiff(const ProgramRun &run);

// Runs schemadiff in `directory` as a user would there: no DATABASE_URL from
// the test's environment, its temporary files (the embedded server) inside
// `directory`; `environment` adds to that.
ProgramResult run_schemadiff_in(const std::filesystem::path &directory, std::vector<std::string> arguments,
                                std::map<std::string, std::string> environment = {});

// Starts schemadiff and returns at once; finish_program collects it.
pid_t start_schemadiff(const ProgramRun &run, const std::filesystem::path &output_prefix);
ProgramResult finish_program(pid_t pid, const std::filesystem::path &output_prefix);

} // namespace schemadiff::testing
