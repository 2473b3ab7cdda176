#include "runner_history.hpp"

#include "schemadiff/emit/flyway_history.hpp"

#include <map>

namespace schemadiff::run {

namespace {

using emit::MigrationFormat;

const char *table_of(MigrationFormat format) {
  switch (format) {
  case MigrationFormat::GolangMigrate:
  case MigrationFormat::Dbmate:
    return "schema_migrations";
  case MigrationFormat::Goose:
    return "goose_db_version";
  case MigrationFormat::Flyway:
    return "flyway_schema_history";
  default:
    return nullptr;
  }
}

using VersionParts = std::vector<std::uint64_t>;

// The versions Flyway takes for applied: each version's last row decides
// (an undo or a deleted entry makes it pending again, a failure leaves it
// pending), and a baseline stands for every version up to its own.
std::set<std::uint64_t> flyway_applied(pqxx::transaction_base &work, const std::string &table,
                                       const std::vector<emit::WrittenMigration> &migrations) {
  std::map<VersionParts, bool> state;
  std::optional<VersionParts> baseline;
  for (const pqxx::row &row : work.exec("SELECT version, type, success FROM " + table +
                                        " WHERE version IS NOT NULL ORDER BY installed_rank")) {
    const std::optional<VersionParts> version = emit::flyway_version_parts(row[0].as<std::string>());
    if (!version) continue;
    const std::string type = row[1].as<std::string>();
    if (type == "BASELINE") baseline = *version;
    state[*version] = row[2].as<bool>() && type != "UNDO_SQL" && type != "DELETE";
  }
  std::set<std::uint64_t> applied;
  for (const emit::WrittenMigration &migration : migrations) {
    const std::optional<VersionParts> version = emit::flyway_version_parts(emit::flyway_version(migration.file));
    if (!version) continue;
    const auto found = state.find(*version);
    if ((found != state.end() && found->second) || (baseline && *version <= *baseline))
      applied.insert(migration.version);
  }
  return applied;
}

// A row as Flyway writes it after running a script: the next rank, the
// script relative to its location, its checksum, who and how long.
void flyway_record(pqxx::transaction_base &work, const std::string &table, const RunnerRun &run,
                   const std::string &type, const std::filesystem::path &script, const std::string &text) {
  const std::string version = emit::flyway_version(run.migration.file);
  // A failed row of the version is what `flyway repair` removes: with it
  // left in place, Flyway would refuse to go on.
  work.exec_params("DELETE FROM " + table + " WHERE version = $1 AND NOT success", version);
  work.exec_params("INSERT INTO " + table +
                       " (installed_rank, version, description, type, script, checksum, installed_by, installed_on, "
                       "execution_time, success) SELECT coalesce(max(installed_rank), 0) + 1, $1, $2, $3, $4, $5, "
                       "current_user, now(), $6, true FROM " +
                       table,
                   version, emit::flyway_description(run.migration.file), type,
                   script.lexically_relative(run.directory).generic_string(), emit::flyway_checksum(text),
                   run.execution_ms);
}

} // namespace

std::optional<std::string> runner_history_table(pqxx::transaction_base &work, MigrationFormat format) {
  const char *table = table_of(format);
  if (table == nullptr) return std::nullopt;
  // As the runner finds it: by the connection's search_path.
  const pqxx::result found = work.exec_params("SELECT to_regclass($1)::text", std::string(table));
  if (found[0][0].is_null()) return std::nullopt;
  return found[0][0].as<std::string>();
}

std::set<std::uint64_t> runner_applied(pqxx::transaction_base &work, MigrationFormat format,
                                       const std::vector<emit::WrittenMigration> &migrations) {
  std::set<std::uint64_t> applied;
  const std::optional<std::string> table = runner_history_table(work, format);
  if (!table) return applied;
  if (format == MigrationFormat::Flyway) return flyway_applied(work, *table, migrations);
  if (format == MigrationFormat::GolangMigrate) {
    const pqxx::result rows = work.exec("SELECT version, dirty FROM " + *table + " LIMIT 1");
    if (rows.empty()) return applied;
    const auto last = rows[0][0].as<std::uint64_t>();
    const bool dirty = rows[0][1].as<bool>();
    for (const emit::WrittenMigration &migration : migrations) {
      if (migration.version < last || (migration.version == last && !dirty)) applied.insert(migration.version);
    }
    return applied;
  }
  const std::string query = format == MigrationFormat::Dbmate
                                ? "SELECT version::text FROM " + *table
                                : "SELECT version_id::text FROM " + *table + " WHERE is_applied AND version_id > 0";
  std::set<std::string> versions;
  for (const pqxx::row &row : work.exec(query)) versions.insert(row[0].as<std::string>());
  for (const emit::WrittenMigration &migration : migrations) {
    if (versions.count(std::to_string(migration.version)) != 0) applied.insert(migration.version);
  }
  return applied;
}

void runner_record_up(pqxx::transaction_base &work, MigrationFormat format, const RunnerRun &run) {
  const std::optional<std::string> table = runner_history_table(work, format);
  if (!table) return;
  const std::uint64_t version = run.migration.version;
  switch (format) {
  case MigrationFormat::GolangMigrate:
    work.exec("DELETE FROM " + *table);
    work.exec_params("INSERT INTO " + *table + " (version, dirty) VALUES ($1, false)", version);
    break;
  case MigrationFormat::Dbmate:
    work.exec_params("INSERT INTO " + *table + " (version) VALUES ($1) ON CONFLICT DO NOTHING",
                     std::to_string(version));
    break;
  case MigrationFormat::Goose:
    work.exec_params("INSERT INTO " + *table + " (version_id, is_applied) VALUES ($1, true)", version);
    break;
  case MigrationFormat::Flyway:
    flyway_record(work, *table, run, "SQL", run.migration.file, run.migration.up);
    break;
  default:
    break;
  }
}

void runner_record_down(pqxx::transaction_base &work, MigrationFormat format, const RunnerRun &run,
                        std::uint64_t previous) {
  const std::optional<std::string> table = runner_history_table(work, format);
  if (!table) return;
  const std::uint64_t version = run.migration.version;
  switch (format) {
  case MigrationFormat::GolangMigrate:
    work.exec("DELETE FROM " + *table);
    if (previous != 0) work.exec_params("INSERT INTO " + *table + " (version, dirty) VALUES ($1, false)", previous);
    break;
  case MigrationFormat::Dbmate:
    work.exec_params("DELETE FROM " + *table + " WHERE version = $1", std::to_string(version));
    break;
  case MigrationFormat::Goose:
    work.exec_params("DELETE FROM " + *table + " WHERE version_id = $1", version);
    break;
  case MigrationFormat::Flyway: {
    // Flyway Teams' undo: a row of its own, after which the version is
    // pending again.
    const std::filesystem::path undo =
        run.migration.file.parent_path() / ("U" + run.migration.file.filename().string().substr(1));
    flyway_record(work, *table, run, "UNDO_SQL", undo, run.migration.down);
    break;
  }
  default:
    break;
  }
}

} // namespace schemadiff::run
