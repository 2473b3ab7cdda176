// While the plan builds an index and adds and validates a constraint on a
// busy table, writers keep writing: none of their statements waits for a
// lock longer than a short lock_timeout.

#include "support/scratch_directory.hpp"
#include "support/plan_round_trip.hpp"
#include "support/test_database.hpp"

#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include <atomic>
#include <thread>

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

  std::atomic<bool> migrating = true;
  std::string migration_error;
  std::thread migration([&] {
    try {
      schemadiff::testing::apply_up(database.conninfo(), plan);
    } catch (const std::exception &error) {
      migration_error = error.what();
    }
    migrating = false;
  });

  int writes = 0;
  int blocked = 0;
  pqxx::connection writer(database.conninfo());
  {
    pqxx::nontransaction setup(writer);
    setup.exec("SET lock_timeout = '100ms'");
  }
  while (migrating) {
    try {
      pqxx::work write(writer);
      write.exec("INSERT INTO events (kind, payload) VALUES (1, 'during the migration')");
      write.commit();
      ++writes;
    } catch (const pqxx::sql_error &) {
      ++blocked;
    }
  }
  migration.join();
  INFO("migration error: " << migration_error);
  CHECK(migration_error.empty());
  CHECK(writes > 0);
  CHECK(blocked == 0);
  CHECK(database.query_value("SELECT count(*) FROM pg_index WHERE indexrelid = 'events_payload_kind_idx'::regclass "
                             "AND indisvalid") == "1");
}
