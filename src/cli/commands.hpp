#pragma once
// The subcommands: what each is, which flags it takes, and what it does.

#include "command_line.hpp"
#include "current_state.hpp"

#include "schemadiff/cli/config.hpp"
#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/step.hpp"

#include <string>
#include <vector>

namespace schemadiff::cli {

struct CommandSpec {
  std::string name;
  std::string summary;
  std::vector<std::string> formats; // the first is the default
  bool takes_schema = false;
  bool takes_out = false;
  bool takes_dev_url = false;
  bool takes_allow_destructive = false;
  bool embedded_default = false; // without a database: replay of --out on an embedded server
};

const std::vector<CommandSpec> &command_specs();

// Runs a parsed command; returns its exit status. Throws Error.
int run_command(const CommandLine &line, const Config &config);

// What plan and write share: the current state (live, or the replay of the
// migration directory), the desired schema, and the plan between them.
struct PlannedChange {
  CurrentState current;
  model::Catalog current_catalog;
  model::Catalog desired;
  plan::Plan steps;
};

PlannedChange plan_change(const CommandLine &line, const Config &config);

int run_inspect(const CommandLine &line, const Config &config);
int run_plan(const CommandLine &line, const Config &config);
int run_write(const CommandLine &line, const Config &config);
int run_drift(const CommandLine &line, const Config &config);
int run_apply(const CommandLine &line, const Config &config);

} // namespace schemadiff::cli
