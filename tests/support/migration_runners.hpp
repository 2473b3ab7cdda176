#pragma once
// The migration runners as tests need them: each format's files executed
// the way its runner sends them to the server, so a test proves that what
// schemadiff writes runs under the runner's rules (one query per file for
// golang-migrate, a transaction per section for dbmate, psql -f for sqitch
// and plain, ...) and not only statement by statement.

#include "schemadiff/emit/migration_formats.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::testing {

enum class RunDirection { Up, Down };

// Runs every migration of `directory` up (in the runner's order) or down
// (the reverse), as `format`'s runner does:
// - golang-migrate: each file's whole text as one query (PQexec: several
//   statements make one implicit transaction);
// - dbmate: each section's text as one query, inside BEGIN/COMMIT unless
//   its marker says transaction:false;
// - goose: annotations read as goose >= 3.18 reads them (any `--` line
//   holding `+goose`), statements split as goose splits them
//   (StatementBegin/End blocks whole, else at a line ending in ';'), one
//   query each, in one transaction per file unless NO TRANSACTION;
// - flyway: statements one by one, in one transaction per file unless its
//   .conf says executeInTransaction=false or (without a .conf) Flyway
//   detects a statement that cannot run in one;
// - sqitch, plain: psql -X -v ON_ERROR_STOP=1 -f per script.
// Throws std::runtime_error naming the file and the server's message.
void run_migrations_like_runner(emit::MigrationFormat format, const std::filesystem::path &directory,
                                const std::string &conninfo, RunDirection direction);

// Runs the directory's migration at `position` (0-based, in the runner's
// order) in one direction, as run_migrations_like_runner would, on a
// connection of its own: how an operator reruns one migration.
void run_migration_like_runner(emit::MigrationFormat format, const std::filesystem::path &directory,
                               const std::string &conninfo, std::size_t position, RunDirection direction);

// psql of the server the tests use.
std::filesystem::path psql_program();

// PGHOST, PGPORT, PGUSER and PGDATABASE for a libpq connection string: how
// programs that take no connection string (sqitch's psql) find the database.
std::map<std::string, std::string> libpq_environment(const std::string &conninfo);

// The URL dbmate reads for the database at `conninfo`: a unix socket
// directory goes in ?socket=.
std::string dbmate_url(const std::string &conninfo);

// A program found on $PATH, if installed.
std::optional<std::filesystem::path> installed_program(const std::string &name);

// A real runner a test runs: found on $PATH, or the test fails saying how to
// install it (scripts/setup and scripts/test install sqitch and dbmate) — a
// test whose tool is missing proves nothing, so it never passes without it.
std::filesystem::path required_program(const std::string &name, const std::string &how_to_install);

struct ProgramOutcome {
  int status = -1;    // exit status, or 128 + signal
  std::string output; // stdout and stderr together
};

// Runs a program to completion; `environment` is set on top of ours.
ProgramOutcome run_program(const std::vector<std::string> &argv,
                           const std::map<std::string, std::string> &environment = {},
                           const std::optional<std::filesystem::path> &directory = std::nullopt);

} // namespace schemadiff::testing
