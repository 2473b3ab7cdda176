#include "schemadiff/cli/run.hpp"

#include "commands.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/redact.hpp"
#include "schemadiff/version.hpp"

#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace schemadiff::cli {

namespace {

// Exit status for every error: bad input, refused work, failed command.
constexpr int error_status = 2;

void add_subcommand(CLI::App &app, const CommandSpec &spec, CommandLine &line) {
  CLI::App *sub = app.add_subcommand(spec.name, spec.summary);
  sub->callback([&line, name = spec.name] { line.command = name; });
  sub->add_option("--db", line.db, "The live database (libpq URL or key=value string)");
  if (spec.takes_schema) sub->add_option("--schema", line.schema, "The desired schema: a directory of *.sql, or a database URL");
  if (spec.takes_out) sub->add_option("--out", line.out, "The migration directory (default: generated)");
  sub->add_option("--format", line.format, fmt::format("Output format (default: {})", spec.formats.front()))
      ->check(CLI::IsMember(spec.formats));
  if (spec.takes_dev_url) {
    sub->add_option("--dev-url", line.dev_url, "A server for shadow databases instead of the embedded one");
  }
  if (spec.embedded_default || spec.takes_dev_url) {
    sub->add_option("--pg-bin", line.pg_bin, "Directory of the PostgreSQL server programs for the embedded server");
  }
  if (spec.takes_allow_destructive) sub->add_flag("--allow-destructive", line.allow_destructive, "Allow steps that drop data");
  if (spec.name == "plan") sub->add_flag("--down", line.down, "Show the down of the whole plan instead");
  if (spec.name == "write") sub->add_option("--name", line.name, "The migration's name");
  if (spec.name == "apply") {
    sub->add_option("--down", line.revert, "Run the downs of the last N applied migrations instead")
        ->check(CLI::PositiveNumber);
    sub->add_flag("--dry-run", line.dry_run, "Say what would run; change nothing");
    sub->add_flag("--force", line.force, "Accept edited files and history the directory lacks");
    sub->add_option("--max-replica-lag", line.max_replica_lag,
                    "Pause backfills while a streaming replica lags more than SECONDS (default: 10; 0: never)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--wait", line.wait_seconds, "Wait up to SECONDS for another apply to finish (default: 0)")
        ->check(CLI::NonNegativeNumber);
  }
  if (spec.name == "drift") {
    sub->add_option("--against", line.against, "Compare with the desired schema or the migration directory")
        ->check(CLI::IsMember({"schema", "migrations"}));
  }
}

void print_error(const std::string &message) { std::cerr << "schemadiff: error: " << pg::redact_secrets(message) << "\n"; }

} // namespace

int run(int argc, char **argv) {
  CLI::App app{"schemadiff: safe, reversible PostgreSQL schema migrations from a declarative schema", "schemadiff"};
  app.set_version_flag("--version", std::string("schemadiff ") + version);
  app.require_subcommand(1);
  app.fallthrough();
  CommandLine line;
  app.add_option("--config", line.config, "Configuration file (default: ./schemadiff.toml if present)");
  for (const CommandSpec &spec : command_specs()) add_subcommand(app, spec, line);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp &help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion &version_request) {
    return app.exit(version_request);
  } catch (const CLI::ParseError &error) {
    print_error(fmt::format("{} (see schemadiff --help)", error.what()));
    return error_status;
  }

  try {
    const Config config = find_config(line.config ? std::optional<std::filesystem::path>(*line.config) : std::nullopt);
    return run_command(line, config);
  } catch (const Error &error) {
    print_error(error.describe());
  } catch (const std::exception &error) {
    print_error(error.what());
  }
  return error_status;
}

} // namespace schemadiff::cli
