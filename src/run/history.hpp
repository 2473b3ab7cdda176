#pragma once
// The history of what apply ran on a database: schemadiff.migration_history,
// one row per migration, so that none runs twice. A row without finished_at
// is a migration that started and did not finish (it failed, or the
// connection broke): the next apply runs it again from its start, which
// every written file allows.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace schemadiff::run {

struct HistoryEntry {
  std::uint64_t version = 0;
  std::string name;
  std::string checksum;
  std::string started_at;
  std::optional<std::string> finished_at;
  std::string applied_by;
};

inline constexpr const char *history_table = "schemadiff.migration_history";

// Creates the schema and table when missing.
void ensure_history(pqxx::connection &connection);

// The rows by version; none when the table does not exist yet.
std::map<std::uint64_t, HistoryEntry> read_history(pqxx::connection &connection);

// Marks the migration started (again): a row with no finished_at.
void record_started(pqxx::connection &connection, std::uint64_t version, const std::string &name,
                    const std::string &checksum, const std::string &applied_by);

// Records a migration that another runner ran as finished, without running it.
void record_adopted(pqxx::connection &connection, std::uint64_t version, const std::string &name,
                    const std::string &checksum, const std::string &applied_by);

// Marks it finished; in `work`, so that it commits with the migration's
// last transaction.
void record_finished(pqxx::transaction_base &work, std::uint64_t version);

// Takes its row away: its down ran.
void record_reverted(pqxx::transaction_base &work, std::uint64_t version);

// Replaces the recorded checksum (apply --force after a file was edited).
void record_checksum(pqxx::connection &connection, std::uint64_t version, const std::string &checksum);

// The hex SHA-256 of `text`, computed by the server (no hashing code here).
std::string checksum_of(pqxx::connection &connection, const std::string &text);

} // namespace schemadiff::run
