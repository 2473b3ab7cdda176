#pragma once
// The runners' own history tables, for the formats that document one, kept
// in step with apply's: where a team also runs golang-migrate, dbmate or
// goose, neither that runner nor apply runs a migration the other ran.
//
// | format         | table (search_path)  | what it holds                                       |
// |----------------|----------------------|-----------------------------------------------------|
// | golang-migrate | schema_migrations    | one row: the last version run, and whether it failed |
// |                |                      | half-way ("dirty"); every version up to it is done  |
// | dbmate         | schema_migrations    | one row per applied version (varchar)               |
// | goose          | goose_db_version     | one row per up (version_id, is_applied), version 0  |
// |                |                      | first; a down deletes the version's rows            |
//
// apply keeps a runner's table only when it exists (the team uses that
// runner); it never creates one.

#include "schemadiff/emit/migration_formats.hpp"

#include <cstdint>
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

// Records in the runner's table (when it exists) that `version` was run up,
// or run down with `previous` the version before it (0 when none).
void runner_record_up(pqxx::transaction_base &work, emit::MigrationFormat format, std::uint64_t version);
void runner_record_down(pqxx::transaction_base &work, emit::MigrationFormat format, std::uint64_t version,
                        std::uint64_t previous);

} // namespace schemadiff::run
