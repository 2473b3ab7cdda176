// A swap as it runs for real: its migration files under each runner's rules
// (statements that cannot run in a transaction block alone in their file,
// the swap itself one short transaction), and writers that keep writing
// while it runs.

#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/emit/migrations.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include "support/migration_runners.hpp"
#include "support/plan_round_trip.hpp"
#include "support/planned_migrations.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"
#include "support/writes_during_plan.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using namespace schemadiff;
using emit::MigrationFormat;
using testing::RunDirection;
using testing::ScratchDirectory;
using testing::TestDatabase;

namespace {

const std::string old_schema = R"(
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, owner bigint);
CREATE INDEX accounts_email_idx ON accounts (email);
CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT orders_account_id_fkey REFERENCES accounts);
INSERT INTO accounts SELECT g, 'user' || g || '@example.com', g % 100 FROM generate_series(1, 10000) g;
INSERT INTO orders SELECT g, g FROM generate_series(1, 5000) g;
)";

// A changed index, and a primary key that a foreign key uses.
const std::string new_schema = R"(
CREATE TABLE accounts (id bigint, email text NOT NULL, owner bigint, PRIMARY KEY (id) INCLUDE (owner));
CREATE INDEX accounts_email_idx ON accounts (lower(email));
CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT orders_account_id_fkey REFERENCES accounts);
)";

using Scenario = testing::PlannedMigrations;

Scenario plan_scenario() { return testing::plan_migrations(old_schema, new_schema); }

} // namespace

TEST_CASE("swap: the migrations of an index and a key swap run up and down under every runner's rules") {
  const Scenario scenario = plan_scenario();
  for (const MigrationFormat format : {MigrationFormat::GolangMigrate, MigrationFormat::Dbmate, MigrationFormat::Goose,
                                       MigrationFormat::Flyway, MigrationFormat::Sqitch, MigrationFormat::Plain}) {
    INFO("format " << emit::format_name(format));
    const ScratchDirectory directory;
    testing::write_migration_files(directory, scenario.migrations, format, "swap");
    const TestDatabase database;
    database.execute(old_schema);
    testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Up);
    CHECK(source::introspect(database.conninfo()).same_schema(scenario.desired));
    testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Down);
    CHECK(source::introspect(database.conninfo()).same_schema(scenario.before));
    CHECK(database.query_value("SELECT count(*) FROM orders JOIN accounts ON accounts.id = account_id") == "5000");
  }
}

TEST_CASE("swap: writers are not blocked past lock_timeout while an index and a primary key are swapped") {
  const TestDatabase database;
  database.execute(
      "CREATE TABLE events (id bigserial PRIMARY KEY, kind int NOT NULL, payload text);"
      "CREATE INDEX events_kind_idx ON events (kind);"
      "INSERT INTO events (kind, payload) SELECT g % 50, repeat('x', 50) FROM generate_series(1, 200000) g;"
      "ANALYZE events;");
  const ScratchDirectory schema;
  schema.write("events.sql", "CREATE TABLE events (id bigserial, kind int NOT NULL, payload text, PRIMARY KEY (id) "
                             "INCLUDE (kind));\nCREATE INDEX events_kind_idx ON events (kind, id);");
  const auto plan = plan::build_plan(source::introspect(database.conninfo()),
                                     source::read_desired_schema(schema.path(), testing::shared_cluster_conninfo()));
  REQUIRE(plan.size() >= 5);

  const auto run = testing::writes_during_plan(database.conninfo(), plan,
                                               "INSERT INTO events (kind, payload) VALUES (1, 'during the migration')");
  INFO("migration error: " << run.migration_error);
  CHECK(run.migration_error.empty());
  CHECK(run.writes > 0);
  CHECK(run.blocked == 0);
  // Every row written meanwhile is in the new key's index.
  CHECK(database.query_value("SELECT count(*) FROM pg_index WHERE indrelid = 'events'::regclass AND indisvalid") ==
        "2");
  CHECK(database.query_value("SELECT count(*) = count(DISTINCT id) FROM events") == "t");
}
