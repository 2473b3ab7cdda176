// Written migrations, per format, end to end: a plan on a table with 10,000
// rows (a concurrent index, NOT VALID + VALIDATE foreign key and check, a
// new NOT NULL column with a backfill, a dropped column) is grouped and
// rendered as files, the files run the way the format's runner runs them,
// and the database reaches the desired schema; the downs bring back the old
// one with its data. Replaying the files reaches the same schema, and where
// the real runner is installed (sqitch, dbmate) it does too.

#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/emit/migrations.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/run/replay.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include "support/migration_runners.hpp"
#include "support/plan_checks.hpp"
#include "support/planned_migrations.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

using namespace schemadiff;
using emit::MigrationFormat;
using testing::RunDirection;
using testing::ScratchDirectory;
using testing::TestDatabase;

namespace {

const std::string old_schema = R"(
CREATE TABLE owners (id bigint PRIMARY KEY);
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint, balance integer, legacy text);
INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
INSERT INTO accounts SELECT g, 'user' || g || '@example.com', 1 + g % 100, g % 1000, 'legacy ' || g
  FROM generate_series(1, 10000) g;
)";

const std::string new_schema = R"(
CREATE TABLE owners (id bigint PRIMARY KEY);
CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text,
  owner bigint REFERENCES owners (id),
  balance integer CONSTRAINT balance_not_negative CHECK (balance >= 0),
  tier text NOT NULL
);
CREATE INDEX accounts_email_idx ON accounts (email);
)";

// The rows, before and after: the up keeps them and backfills the tier, the
// down brings the dropped column's values back.
const std::string rows_after_up =
    "SELECT count(*) || ':' || sum(balance) || ':' || count(DISTINCT email) || ':' || count(*) FILTER (WHERE tier = "
    "'basic') FROM accounts";
const std::string rows_after_down =
    "SELECT count(*) || ':' || sum(balance) || ':' || count(DISTINCT email) || ':' || count(DISTINCT legacy) FROM "
    "accounts";

using Scenario = testing::PlannedMigrations;

Scenario plan_scenario() {
  plan::PlanOptions options;
  // Computed from the row (a constant would be the added column's default,
  // with no backfill at all).
  options.backfill["public.accounts.tier"] = "CASE WHEN id > 0 THEN 'basic' END";
  options.backfill_batch_rows = 3000;
  return testing::plan_migrations(old_schema + "ANALYZE;", new_schema, options);
}

// The safe forms this test is about are in the plan.
void check_plan_shape(const Scenario &scenario) {
  CHECK_FALSE(testing::step_starting(scenario.plan, "create index").transactional);
  CHECK(testing::has_statement(testing::step_starting(scenario.plan, "add constraint"), "NOT VALID"));
  CHECK(testing::has_statement(testing::step_starting(scenario.plan, "validate constraint"), "VALIDATE CONSTRAINT"));
  CHECK_FALSE(testing::step_starting(scenario.plan, "backfill").transactional);
  CHECK(testing::has_hazard(testing::step_starting(scenario.plan, "drop column"), plan::HazardKind::DataLoss));
  const auto outside = std::count_if(scenario.migrations.begin(), scenario.migrations.end(),
                                     [](const emit::Migration &migration) { return !migration.transactional; });
  CHECK(outside >= 2);
}

// A catalog without what a real runner keeps for itself (its history table
// or registry schema).
model::Catalog without_runner_tables(model::Catalog catalog, const std::string &registry_schema,
                                     const std::string &history_table) {
  const auto owned = [&](const model::QualifiedName &name) {
    return name.schema == registry_schema ||
           (name.schema == "public" && (name.name == history_table || name.name == history_table + "_pkey"));
  };
  std::erase_if(catalog.schemas, [&](const auto &entry) { return entry.first == registry_schema; });
  std::erase_if(catalog.tables, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.indexes, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.sequences, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.views, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.routines, [&](const auto &entry) { return entry.first.schema == registry_schema; });
  return catalog;
}

// A real runner program, run in the migration directory; fails the test
// with its output when it fails.
void run_real(const std::vector<std::string> &argv, const std::map<std::string, std::string> &environment,
              const ScratchDirectory &directory) {
  const testing::ProgramOutcome outcome = testing::run_program(argv, environment, directory.path());
  INFO(fmt::format("{}\n{}", fmt::join(argv, " "), outcome.output));
  REQUIRE(outcome.status == 0);
}

void real_sqitch_round_trip(const Scenario &scenario, const ScratchDirectory &directory) {
  const auto sqitch = testing::required_program("sqitch", "apt-get install sqitch");
  const TestDatabase database;
  database.execute(old_schema);
  std::map<std::string, std::string> environment = testing::libpq_environment(database.conninfo());
  environment["SQITCH_FULLNAME"] = "schemadiff tests";
  environment["SQITCH_EMAIL"] = "tests@schemadiff.invalid";
  environment["SQITCH_USER_CONFIG"] = (directory.path() / "no-user.conf").string();
  const std::string target = "db:pg:" + database.name();
  run_real({sqitch.string(), "deploy", "--verify", target}, environment, directory);
  CHECK(without_runner_tables(source::introspect(database.conninfo()), "sqitch", "").same_schema(scenario.desired));
  CHECK(database.query_value(rows_after_up) == "10000:4995000:10000:10000");
  run_real({sqitch.string(), "revert", "-y", target}, environment, directory);
  CHECK(without_runner_tables(source::introspect(database.conninfo()), "sqitch", "").same_schema(scenario.before));
  CHECK(database.query_value(rows_after_down) == "10000:4995000:10000:10000");
}

void real_dbmate_round_trip(const Scenario &scenario, const ScratchDirectory &directory) {
  const auto dbmate = testing::required_program("dbmate", "npm install -g dbmate");
  const TestDatabase database;
  database.execute(old_schema);
  const std::string url = testing::dbmate_url(database.conninfo());
  const std::vector<std::string> dbmate_in_directory = {
      dbmate.string(), "--url", url, "--migrations-dir", directory.path().string(), "--no-dump-schema"};
  auto up = dbmate_in_directory;
  up.push_back("up");
  run_real(up, {}, directory);
  CHECK(without_runner_tables(source::introspect(database.conninfo()), "", "schema_migrations")
            .same_schema(scenario.desired));
  CHECK(database.query_value(rows_after_up) == "10000:4995000:10000:10000");
  auto rollback = dbmate_in_directory;
  rollback.push_back("rollback");
  for (std::size_t i = 0; i < scenario.migrations.size(); ++i) run_real(rollback, {}, directory);
  CHECK(without_runner_tables(source::introspect(database.conninfo()), "", "schema_migrations")
            .same_schema(scenario.before));
  CHECK(database.query_value(rows_after_down) == "10000:4995000:10000:10000");
}

void check_format(MigrationFormat format) {
  const Scenario scenario = plan_scenario();
  check_plan_shape(scenario);
  const ScratchDirectory directory;
  testing::write_migration_files(directory, scenario.migrations, format, "accounts_tier");
  REQUIRE(emit::read_migrations(directory.path(), format).size() == scenario.migrations.size());

  // Up and down as the runner runs them.
  const TestDatabase database;
  database.execute(old_schema);
  testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Up);
  const model::Catalog after_up = source::introspect(database.conninfo());
  CHECK(after_up.same_schema(scenario.desired));
  CHECK(database.query_value(rows_after_up) == "10000:4995000:10000:10000");
  testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Down);
  CHECK(source::introspect(database.conninfo()).same_schema(scenario.before));
  CHECK(database.query_value(rows_after_down) == "10000:4995000:10000:10000");

  // Replayed statement by statement: the same schema as the runner's.
  const TestDatabase replayed;
  replayed.execute(old_schema);
  CHECK(run::replay_migrations(directory.path(), format, replayed.conninfo()) == scenario.migrations.size());
  CHECK(source::introspect(replayed.conninfo()).same_schema(after_up));
  CHECK(replayed.query_value(rows_after_up) == "10000:4995000:10000:10000");

  if (format == MigrationFormat::Sqitch) real_sqitch_round_trip(scenario, directory);
  if (format == MigrationFormat::Dbmate) real_dbmate_round_trip(scenario, directory);
}

} // namespace

TEST_CASE("write golang-migrate: run as golang-migrate runs them, up then down, data kept", "[write_formats]") {
  check_format(MigrationFormat::GolangMigrate);
}

TEST_CASE("write dbmate: run as dbmate runs them, up then down, data kept", "[write_formats]") {
  check_format(MigrationFormat::Dbmate);
}

TEST_CASE("write goose: run as goose runs them, up then down, data kept", "[write_formats]") {
  check_format(MigrationFormat::Goose);
}

TEST_CASE("write flyway: run as Flyway runs them, up then down, data kept", "[write_formats]") {
  check_format(MigrationFormat::Flyway);
}

TEST_CASE("write sqitch: run with psql as sqitch runs them, up then down, data kept", "[write_formats]") {
  check_format(MigrationFormat::Sqitch);
}

TEST_CASE("write plain: run with psql -f, up then down, data kept", "[write_formats]") {
  check_format(MigrationFormat::Plain);
}
