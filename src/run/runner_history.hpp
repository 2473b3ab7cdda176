#pragma once
// The runners' own history tables, for the formats that document one, kept
// in step with apply's: where a team also runs golang-migrate, dbmate,
// goose or Flyway, neither that runner nor apply runs a migration the other
// ran.
//
// | format         | table (search_path)  | what it holds                                       |
// |----------------|----------------------|-----------------------------------------------------|
// | golang-migrate | schema_migrations    | one row: the last version run, and whether it failed |
// |                |                      | half-way ("dirty"); every version up to it is done  |
// | dbmate         | schema_migrations    | one row per applied version (varchar)               |
// | goose          | goose_db_version     | one row per up (version_id, is_applied), version 0  |
// |                |                      | first; a down deletes the version's rows            |
// | flyway         | flyway_schema_history| one row per run (installed_rank): version, script,  |
// |                |                      | CRC-32 checksum, type SQL, or UNDO_SQL for an undo; |
// |                |                      | a version's last row says its state; a BASELINE row |
// |                |                      | stands for every version up to it                   |
//
// apply keeps a runner's table only when it exists (the team uses that
// runner); it never creates one.

#include "schemadiff/emit/migration_formats.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace schemadiff::run {

// The runner's table for the format, if it has one and it exists.
std::optional<std::string> runner_history_table(pqxx::transaction_base &work, emit::MigrationFormat format);

// The versions of `migrations` the runner's table says are applied.
std::set<std::uint64_t> runner_applied(pqxx::transaction_base &work, emit::MigrationFormat format,
                                       const std::vector<emit::WrittenMigration> &migrations);

// A migration that ran, as the runners' tables record it.
struct RunnerRun {
  const emit::WrittenMigration &migration;
  const std::filesystem::path &directory; // Flyway records the script relative to it
  std::int64_t execution_ms = 0;
};

// Records in the runner's table (when it exists) that the migration was run
// up, or run down with `previous` the version before it (0 when none).
void runner_record_up(pqxx::transaction_base &work, emit::MigrationFormat format, const RunnerRun &run);
void runner_record_down(pqxx::transaction_base &work, emit::MigrationFormat format, const RunnerRun &run,
                        std::uint64_t previous);

} // namespace schemadiff::run
