// While the plan builds an index and adds and validates a constraint on a
// busy table, writers keep writing: none of their statements waits for a
// lock longer than a short lock_timeout.

#include "support/plan_round_trip.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"
#include "support/writes_during_plan.hpp"

#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::TestDatabase;

TEST_CASE("online: writers are not blocked past lock_timeout while index and constraint steps run") {
  const TestDatabase database;
  database.execute("CREATE TABLE events (id bigserial PRIMARY KEY, kind int NOT NULL, payload text);"
                   "INSERT INTO events (kind, payload) SELECT g % 50, repeat('x', 50) FROM generate_series(1, 300000) g;"
                   "ANALYZE events;");
  const ScratchDirectory schema;
  schema.write("events.sql", "CREATE TABLE events (id bigserial PRIMARY KEY, kind int NOT NULL CONSTRAINT kind_known "
                             "CHECK (kind >= 0), payload text);\nCREATE INDEX events_payload_kind_idx ON events "
                             "(payload, kind);");
  const auto plan = schemadiff::plan::build_plan(
      schemadiff::source::introspect(database.conninfo()),
      schemadiff::source::read_desired_schema(schema.path(), schemadiff::testing::shared_cluster_conninfo()));
  REQUIRE(plan.size() >= 3);

  const auto run = schemadiff::testing::writes_during_plan(
      database.conninfo(), plan, "INSERT INTO events (kind, payload) VALUES (1, 'during the migration')");
  INFO("migration error: " << run.migration_error);
  CHECK(run.migration_error.empty());
  CHECK(run.writes > 0);
  CHECK(run.blocked == 0);
  CHECK(database.query_value("SELECT count(*) FROM pg_index WHERE indexrelid = 'events_payload_kind_idx'::regclass "
                             "AND indisvalid") == "1");
}
