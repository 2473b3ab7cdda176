#include "runner_history.hpp"

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
  default:
    return nullptr;
  }
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

void runner_record_up(pqxx::transaction_base &work, MigrationFormat format, std::uint64_t version) {
  const std::optional<std::string> table = runner_history_table(work, format);
  if (!table) return;
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
  default:
    break;
  }
}

void runner_record_down(pqxx::transaction_base &work, MigrationFormat format, std::uint64_t version,
                        std::uint64_t previous) {
  const std::optional<std::string> table = runner_history_table(work, format);
  if (!table) return;
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
  default:
    break;
  }
}

} // namespace schemadiff::run
