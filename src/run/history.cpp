#include "history.hpp"

namespace schemadiff::run {

void ensure_history(pqxx::connection &connection) {
  pqxx::work work(connection);
  work.exec("CREATE SCHEMA IF NOT EXISTS schemadiff");
  work.exec(R"(CREATE TABLE IF NOT EXISTS schemadiff.migration_history (
    version bigint PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    applied_by text NOT NULL
))");
  work.commit();
}

std::map<std::uint64_t, HistoryEntry> read_history(pqxx::connection &connection) {
  pqxx::nontransaction work(connection);
  if (work.exec("SELECT to_regclass('schemadiff.migration_history')")[0][0].is_null()) return {};
  std::map<std::uint64_t, HistoryEntry> entries;
  for (const pqxx::row &row : work.exec("SELECT version, name, checksum, started_at::text, finished_at::text, "
                                        "applied_by FROM schemadiff.migration_history ORDER BY version")) {
    HistoryEntry entry;
    entry.version = row[0].as<std::uint64_t>();
    entry.name = row[1].as<std::string>();
    entry.checksum = row[2].as<std::string>();
    entry.started_at = row[3].as<std::string>();
    if (!row[4].is_null()) entry.finished_at = row[4].as<std::string>();
    entry.applied_by = row[5].as<std::string>();
    entries.emplace(entry.version, std::move(entry));
  }
  return entries;
}

void record_started(pqxx::connection &connection, std::uint64_t version, const std::string &name,
                    const std::string &checksum, const std::string &applied_by) {
  pqxx::work work(connection);
  work.exec_params("INSERT INTO schemadiff.migration_history (version, name, checksum, applied_by) "
                   "VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, "
                   "checksum = EXCLUDED.checksum, applied_by = EXCLUDED.applied_by, "
                   "started_at = clock_timestamp(), finished_at = NULL",
                   version, name, checksum, applied_by);
  work.commit();
}

void record_adopted(pqxx::connection &connection, std::uint64_t version, const std::string &name,
                    const std::string &checksum, const std::string &applied_by) {
  pqxx::work work(connection);
  work.exec_params("INSERT INTO schemadiff.migration_history (version, name, checksum, applied_by, finished_at) "
                   "VALUES ($1, $2, $3, $4, clock_timestamp()) ON CONFLICT (version) DO UPDATE SET "
                   "finished_at = clock_timestamp(), checksum = EXCLUDED.checksum, applied_by = EXCLUDED.applied_by",
                   version, name, checksum, applied_by);
  work.commit();
}

void record_finished(pqxx::transaction_base &work, std::uint64_t version) {
  work.exec_params("UPDATE schemadiff.migration_history SET finished_at = clock_timestamp() WHERE version = $1",
                   version);
}

void record_reverted(pqxx::transaction_base &work, std::uint64_t version) {
  work.exec_params("DELETE FROM schemadiff.migration_history WHERE version = $1", version);
}

void record_checksum(pqxx::connection &connection, std::uint64_t version, const std::string &checksum) {
  pqxx::work work(connection);
  work.exec_params("UPDATE schemadiff.migration_history SET checksum = $2 WHERE version = $1", version, checksum);
  work.commit();
}

std::string checksum_of(pqxx::connection &connection, const std::string &text) {
  pqxx::nontransaction work(connection);
  return work.exec_params("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", text)[0][0].as<std::string>();
}

} // namespace schemadiff::run
