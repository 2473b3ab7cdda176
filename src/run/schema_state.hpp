#pragma once
// The schema as the last apply left it, kept in the database it migrated
// (schemadiff.schema_state): the next apply compares the live schema with it
// and stops when someone changed the schema by hand in between, before it
// runs migrations written for a schema that is no longer there.

#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace schemadiff::run {

struct RecordedSchema {
  std::string schema_sql; // as `schemadiff inspect --format sql` prints it
  std::string recorded_at;
};

// Nothing before the first apply.
std::optional<RecordedSchema> recorded_schema(pqxx::connection &connection);

void record_schema(pqxx::connection &connection, const std::string &schema_sql);

// The lines that differ, "- " recorded and "+ " live, at most `most` of
// them; empty when the two are the same.
std::string schema_changes(const std::string &recorded, const std::string &live, std::size_t most = 40);

} // namespace schemadiff::run
