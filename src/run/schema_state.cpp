#include "schema_state.hpp"

#include "emit/line_diff.hpp"

namespace schemadiff::run {

std::optional<RecordedSchema> recorded_schema(pqxx::connection &connection) {
  pqxx::nontransaction work(connection);
  if (work.exec("SELECT to_regclass('schemadiff.schema_state')")[0][0].is_null()) return std::nullopt;
  const pqxx::result rows = work.exec("SELECT schema_sql, recorded_at::text FROM schemadiff.schema_state");
  if (rows.empty()) return std::nullopt;
  return RecordedSchema{rows[0][0].as<std::string>(), rows[0][1].as<std::string>()};
}

void record_schema(pqxx::connection &connection, const std::string &schema_sql) {
  pqxx::work work(connection);
  work.exec("CREATE SCHEMA IF NOT EXISTS schemadiff");
  // One row: the state after the last apply.
  work.exec(R"(CREATE TABLE IF NOT EXISTS schemadiff.schema_state (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    schema_sql text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
))");
  work.exec_params("INSERT INTO schemadiff.schema_state (schema_sql) VALUES ($1) ON CONFLICT (one) DO UPDATE SET "
                   "schema_sql = EXCLUDED.schema_sql, recorded_at = clock_timestamp()",
                   schema_sql);
  work.commit();
}

std::string schema_changes(const std::string &recorded, const std::string &live, std::size_t most) {
  std::string changes;
  std::size_t shown = 0;
  std::size_t left_out = 0;
  for (const emit::DiffLine &line : emit::line_diff(recorded, live, 0)) {
    if (line.mark == emit::LineMark::Kept) continue;
    if (shown == most) {
      ++left_out;
      continue;
    }
    changes += (line.mark == emit::LineMark::Removed ? "\n  - " : "\n  + ") + line.text;
    ++shown;
  }
  if (left_out > 0) changes += "\n  ... and " + std::to_string(left_out) + " more lines";
  return changes;
}

} // namespace schemadiff::run
