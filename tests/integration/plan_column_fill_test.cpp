// A new column that old rows need a value for, while old code still runs
// between the phases (hazards.md, "Running the steps"): the rows old code
// writes after the expand migration get the value too, so the contract's
// VALIDATE never fails on late rows; a backfill that is run again resumes;
// a [backfill] entry is never silently ignored.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using schemadiff::plan::Phase;
using schemadiff::plan::Plan;
using schemadiff::plan::PlanOptions;
using schemadiff::plan::Step;
using schemadiff::testing::has_statement;
using schemadiff::testing::step_starting;
using schemadiff::testing::TestDatabase;

namespace {

const std::string old_schema = R"(
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO users SELECT g, 'user' || g FROM generate_series(1, 5000) g;
ANALYZE users;
)";

// A database in the old state and the plan to the new one.
struct Phased {
  TestDatabase database;
  schemadiff::model::Catalog before;
  schemadiff::model::Catalog desired;
  Plan plan;
};

std::unique_ptr<Phased> planned(const std::string &new_schema, const PlanOptions &options) {
  auto phased = std::make_unique<Phased>();
  phased->database.execute(old_schema);
  const schemadiff::testing::ScratchDirectory schema;
  schema.write("schema.sql", new_schema);
  phased->before = schemadiff::source::introspect(phased->database.conninfo());
  phased->desired =
      schemadiff::source::read_desired_schema(schema.path(), schemadiff::testing::shared_cluster_conninfo());
  phased->plan = schemadiff::plan::build_plan(phased->before, phased->desired, options);
  return phased;
}

Plan steps_of(const Plan &plan, Phase phase) {
  Plan steps;
  for (const Step &step : plan) {
    if (step.phase == phase) steps.push_back(step);
  }
  return steps;
}

PlanOptions filling(const std::string &value) {
  PlanOptions options;
  options.backfill["public.users.nick"] = value;
  options.backfill_batch_rows = 1000;
  return options;
}

// Old code: it knows nothing of the new column.
void old_code_writes(const TestDatabase &database, int id) {
  database.execute("INSERT INTO users (id, name) VALUES (" + std::to_string(id) + ", 'late" + std::to_string(id) +
                   "')");
}

// Every phase with old code writing between them, then the whole down.
void run_with_old_code_between_phases(const Phased &phased) {
  const std::string &conninfo = phased.database.conninfo();
  schemadiff::testing::apply_up(conninfo, steps_of(phased.plan, Phase::Expand));
  old_code_writes(phased.database, 100001);
  schemadiff::testing::apply_up(conninfo, steps_of(phased.plan, Phase::Backfill));
  old_code_writes(phased.database, 100002);
  schemadiff::testing::apply_up(conninfo, steps_of(phased.plan, Phase::Contract));
  CHECK(schemadiff::source::introspect(conninfo).same_schema(phased.desired));
  CHECK(schemadiff::plan::build_plan(schemadiff::source::introspect(conninfo), phased.desired, {}).empty());
  schemadiff::testing::apply_down(conninfo, phased.plan);
  CHECK(schemadiff::source::introspect(conninfo).same_schema(phased.before));
}

} // namespace

TEST_CASE("column fill: a value the same for every row is the added column's default: no backfill, late rows get it") {
  const auto phased = planned("CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, nick text NOT NULL);",
                              filling("'anonymous'"));
  const Step &add = step_starting(phased->plan, "add column public.users.nick");
  CHECK(has_statement(add, "ADD COLUMN IF NOT EXISTS nick text DEFAULT 'anonymous'"));
  CHECK(steps_of(phased->plan, Phase::Backfill).empty());
  const Step &set = step_starting(phased->plan, "set NOT NULL on public.users.nick");
  CHECK(has_statement(set, "ALTER COLUMN nick DROP DEFAULT"));
  CHECK_FALSE(step_starting(phased->plan, "add NOT NULL check").deploy_first.empty());

  const std::string &conninfo = phased->database.conninfo();
  schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Expand));
  old_code_writes(phased->database, 100001);
  schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Contract));
  CHECK(phased->database.query_value("SELECT count(*) FROM users WHERE nick = 'anonymous'") == "5001");
  CHECK(schemadiff::source::introspect(conninfo).same_schema(phased->desired));
  schemadiff::testing::apply_down(conninfo, phased->plan);
  CHECK(schemadiff::source::introspect(conninfo).same_schema(phased->before));
}

TEST_CASE(
    "column fill: a value computed from the row is backfilled, and a trigger fills old code's rows until contract") {
  const auto phased = planned("CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, nick text NOT NULL);",
                              filling("'user_' || id"));
  const Step &add = step_starting(phased->plan, "add column public.users.nick");
  CHECK(has_statement(add, "CREATE TRIGGER schemadiff_fill_nick BEFORE INSERT OR UPDATE ON public.users"));
  const Step &backfill = step_starting(phased->plan, "backfill public.users.nick");
  CHECK(backfill.deploy_first == "code that writes public.users.nick on every insert and update (old code's rows are "
                                 "filled meanwhile)");
  CHECK(has_statement(step_starting(phased->plan, "set NOT NULL on public.users.nick"), "DROP TRIGGER IF EXISTS"));

  const std::string &conninfo = phased->database.conninfo();
  schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Expand));
  // Between the phases the fill trigger is schemadiff's, not the schema's:
  // introspection leaves it out.
  CHECK(schemadiff::source::introspect(conninfo).triggers.empty());
  old_code_writes(phased->database, 100001);
  schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Backfill));
  old_code_writes(phased->database, 100002);
  schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Contract));
  CHECK(phased->database.query_value("SELECT count(*) FROM users WHERE nick = 'user_' || id") == "5002");
  CHECK(phased->database.query_value("SELECT count(*) FROM pg_trigger WHERE tgname = 'schemadiff_fill_nick'") == "0");
  CHECK(schemadiff::source::introspect(conninfo).same_schema(phased->desired));
  schemadiff::testing::apply_down(conninfo, phased->plan);
  CHECK(schemadiff::source::introspect(conninfo).same_schema(phased->before));
}

TEST_CASE("column fill: without the fill, old code's late row would make the contract's VALIDATE fail") {
  // The same plan with the trigger's statements taken out shows what the
  // fill prevents.
  auto phased = planned("CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, nick text NOT NULL);",
                        filling("'user_' || id"));
  for (Step &step : phased->plan) {
    std::erase_if(step.up, [](const std::string &statement) { return statement.find("TRIGGER") != std::string::npos; });
  }
  const std::string &conninfo = phased->database.conninfo();
  schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Expand));
  schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Backfill));
  old_code_writes(phased->database, 100002);
  CHECK_THROWS_WITH(schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Contract)),
                    Catch::Contains("violated by some row"));
}

TEST_CASE(
    "column fill: a [backfill] entry for a column with a default of its own fills old rows, the default new ones") {
  const auto phased =
      planned("CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, nick text NOT NULL DEFAULT 'new');",
              filling("'old_' || id"));
  CHECK(has_statement(step_starting(phased->plan, "add column public.users.nick"), "SET DEFAULT 'new'"));
  run_with_old_code_between_phases(*phased);
}

TEST_CASE("column fill: a row-dependent value with old code writing between every phase reaches the schema and back") {
  run_with_old_code_between_phases(*planned(
      "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, nick text NOT NULL);", filling("upper(name)")));
}

TEST_CASE("column fill: a [backfill] entry that names no column of the desired schema is an error naming it") {
  const TestDatabase database;
  database.execute(old_schema);
  const schemadiff::testing::ScratchDirectory schema;
  schema.write("schema.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);");
  PlanOptions options;
  options.backfill["public.users.nickname"] = "'x'";
  try {
    schemadiff::plan::build_plan(
        schemadiff::source::introspect(database.conninfo()),
        schemadiff::source::read_desired_schema(schema.path(), schemadiff::testing::shared_cluster_conninfo()),
        options);
    FAIL("expected an error");
  } catch (const schemadiff::Error &error) {
    CHECK(std::string(error.where()) == "[backfill] \"public.users.nickname\"");
    CHECK_THAT(error.what(), Catch::Contains("names no column"));
  }
}

TEST_CASE("column fill: a backfill run again resumes after the last key it recorded") {
  const auto phased = planned("CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, nick text NOT NULL);",
                              filling("'user_' || id"));
  const std::string &conninfo = phased->database.conninfo();
  schemadiff::testing::apply_up(conninfo, steps_of(phased->plan, Phase::Expand));
  const std::string block = step_starting(phased->plan, "backfill public.users.nick").up.front();
  pqxx::connection connection(conninfo);
  pqxx::nontransaction(connection).exec(block);
  CHECK(phased->database.query_value("SELECT position FROM schemadiff.backfill_progress") == "5000");
  // Rows written meanwhile are filled by the trigger; a rerun starts after
  // the recorded key instead of walking from the first.
  phased->database.execute("UPDATE schemadiff.backfill_progress SET position = '4000'");
  phased->database.execute("ALTER TABLE users DISABLE TRIGGER schemadiff_fill_nick; "
                           "UPDATE users SET nick = NULL WHERE id IN (10, 4500); "
                           "ALTER TABLE users ENABLE TRIGGER schemadiff_fill_nick");
  pqxx::nontransaction(connection).exec(block);
  // Row 10 lies before the recorded position: the rerun did not walk it.
  CHECK(phased->database.query_value("SELECT string_agg(id::text, ',' ORDER BY id) FROM users WHERE nick IS NULL") ==
        "10");
}
