#include "commands.hpp"

#include "current_state.hpp"

#include "schemadiff/error.hpp"

#include <iostream>

#include <fmt/format.h>

namespace schemadiff::cli {

const std::vector<CommandSpec> &command_specs() {
  static const std::vector<CommandSpec> specs = {
      {"plan", "Show the migration from the current state to the desired schema", {"text", "sql", "json", "markdown"},
       true, true, true, false, true},
      {"write", "Write that migration as files into the migration directory",
       {"golang-migrate", "dbmate", "goose", "flyway", "sqitch", "plain"}, true, true, true, true, true},
      {"drift", "Compare a live database with the desired schema (exit 1 on drift)", {"text", "json", "markdown", "junit"},
       true, true, true, false, false},
      {"inspect", "Print a database's schema (or the schema files' model with --schema)", {"sql", "json"}, true, false,
       true, false, false},
      {"verify", "Prove pending migrations on a throwaway copy", {"text"}, true, true, true, false, true},
      {"apply", "Run pending migrations on a database",
       {"golang-migrate", "dbmate", "goose", "flyway", "sqitch", "plain"}, false, true, false, true, false},
  };
  return specs;
}

namespace {

const CommandSpec &spec_of(const std::string &name) {
  for (const CommandSpec &spec : command_specs()) {
    if (spec.name == name) return spec;
  }
  throw Error(fmt::format("unknown command '{}'", name));
}

} // namespace

int run_command(const CommandLine &line, const Config &config) {
  if (line.command == "inspect") return run_inspect(line, config);
  if (line.command == "plan") return run_plan(line, config);
  if (line.command == "drift") return run_drift(line, config);
  if (line.command == "write") return run_write(line, config);
  if (line.command == "apply") return run_apply(line, config);
  const CommandSpec &spec = spec_of(line.command);
  // Every command starts from the current state, so a bad database or a
  // missing server is reported before anything else.
  const CurrentState current = CurrentState::open(line, config, spec.embedded_default);
  std::cerr << current.describe(line.command);
  throw Error(fmt::format("'{}' is not built yet in this version of schemadiff", line.command), "schemadiff " + line.command,
              "this command arrives with a later release; nothing was changed");
}

} // namespace schemadiff::cli
