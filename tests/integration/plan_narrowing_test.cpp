// Type changes that can lose values (hazards.md, "ALTER TYPE, any other"):
// the plan counts the rows that would not fit on the live database, puts
// the change in the contract phase as destructive, and copies the old
// values out first so that the down restores them exactly.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Phase;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::has_hazard;
using schemadiff::testing::has_statement;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;
using schemadiff::testing::step_starting;
using schemadiff::testing::TestDatabase;

namespace {

// 10,000 rows; `note` holds 50 characters in every 7th row, 30 in every
// 11th (and not 7th), 10 in the others: 1,428 values over 40 characters,
// 2,208 over 20. `amount` holds 1,000 values of 10,000 or more and 2,000
// with a third decimal place; `big` 17 values out of integer's range.
const std::string ledger = R"(
CREATE TABLE ledger (id bigint PRIMARY KEY, note varchar(100), amount numeric(10,3), big bigint, code text);
INSERT INTO ledger
SELECT g,
       CASE WHEN g % 7 = 0 THEN repeat('x', 49) || (g % 10) WHEN g % 11 = 0 THEN repeat('y', 29) || (g % 10)
            ELSE lpad(g::text, 10, '0') END,
       CASE WHEN g % 10 = 0 THEN 10000 + g WHEN g % 5 = 0 THEN g + 0.125 ELSE g / 100.0 END,
       CASE WHEN g <= 17 THEN 3000000000 + g ELSE g END,
       CASE WHEN g % 1000 = 0 THEN 'n/a' WHEN g % 2500 = 1 THEN '99999999999' ELSE g::text END
FROM generate_series(1, 10000) g;
ANALYZE ledger;
)";

std::string ledger_with(const std::string &note, const std::string &amount, const std::string &big,
                        const std::string &code) {
  return "CREATE TABLE ledger (id bigint PRIMARY KEY, note " + note + ", amount " + amount + ", big " + big +
         ", code " + code + ");";
}

// Every value of the table, as one digest.
const std::string digest = "SELECT count(*) || ':' || md5(string_agg(concat_ws('|', id, note, amount, big, code), ',' "
                           "ORDER BY id)) FROM ledger";

std::string digest_of_old_rows() {
  const TestDatabase database;
  database.execute(ledger);
  return database.query_value(digest);
}

const schemadiff::plan::Hazard &hazard_of(const Step &step, HazardKind kind) {
  const auto found =
      std::find_if(step.hazards.begin(), step.hazards.end(), [&](const auto &h) { return h.kind == kind; });
  REQUIRE(found != step.hazards.end());
  return *found;
}

} // namespace

TEST_CASE("narrowing: a shorter varchar that every value fits goes in the contract phase, backed up, and converges") {
  const auto result =
      plan_round_trip(ledger, ledger_with("varchar(60)", "numeric(10,3)", "bigint", "text"), {}, digest);
  check_round_trip(result);
  const std::string old_rows = digest_of_old_rows();
  CHECK(result.probe_after_up == old_rows);
  CHECK(result.probe_after_down == old_rows);
  const Step &alter = step_starting(result.plan, "alter column public.ledger.note");
  CHECK(alter.phase == Phase::Contract);
  CHECK(has_hazard(alter, HazardKind::TableRewrite));
  CHECK_THAT(hazard_of(alter, HazardKind::DataLoss).reason,
             Catch::StartsWith("0 of ~10,000 rows of public.ledger do not fit character varying(60) now") &&
                 Catch::Contains("truncates them to 60 characters") && Catch::Contains("schemadiff_backup"));
  CHECK(has_statement(alter, "ALTER COLUMN note TYPE character varying(60) USING note::character varying(60)"));
  // The old values are kept by two steps before the change (capture, copy:
  // plan_column_backup_test.cpp), whose capture the change stops first, in
  // its own transaction.
  const Step &capture = step_starting(result.plan, "capture writes of public.ledger.note");
  CHECK(has_statement(capture, "CREATE TABLE IF NOT EXISTS schemadiff_backup.\"public.ledger.note\" (id bigint, note "
                               "character varying(100), PRIMARY KEY (id))"));
  CHECK(step_named(result.plan, capture.summary) < step_named(result.plan, alter.summary));
  CHECK(step_named(result.plan, "copy public.ledger.note into schemadiff_backup.\"public.ledger.note\"") <
        step_named(result.plan, alter.summary));
  CHECK(alter.up.front() == "DROP TRIGGER IF EXISTS schemadiff_backup_note ON public.ledger");
  // The copy's down writes a kept value back only into a row that still
  // holds what the change made of it.
  const Step &copy = step_starting(result.plan, "copy public.ledger.note");
  REQUIRE(copy.down.size() == 1);
  CHECK_THAT(copy.down.front(), Catch::Contains("schemadiff_row.note IS NOT DISTINCT FROM "
                                                "schemadiff_kept.note::character varying(60)::character varying(100)"));
}

TEST_CASE("narrowing: values that do not fit a shorter varchar are counted exactly, truncated by the up, restored by "
          "the down") {
  const auto result =
      plan_round_trip(ledger, ledger_with("varchar(40)", "numeric(10,3)", "bigint", "text"), {}, digest);
  check_round_trip(result);
  const std::string old_rows = digest_of_old_rows();
  CHECK(result.probe_after_up != old_rows);
  CHECK(result.probe_after_down == old_rows);
  const Step &alter = step_starting(result.plan, "alter column public.ledger.note");
  CHECK(alter.phase == Phase::Contract);
  CHECK_THAT(hazard_of(alter, HazardKind::DataLoss).reason,
             Catch::StartsWith("1,428 of ~10,000 rows of public.ledger do not fit character varying(40): the up "
                               "truncates them to 40 characters"));
}

TEST_CASE("narrowing: the count is exact for a varchar with many values too long") {
  TestDatabase database;
  database.execute(ledger);
  CHECK(database.query_value("SELECT count(*) FROM ledger WHERE length(note) > 20") == "2208");
  const auto result = plan_round_trip(ledger, ledger_with("varchar(20)", "numeric(10,3)", "bigint", "text"));
  check_round_trip(result);
  CHECK_THAT(hazard_of(step_starting(result.plan, "alter column public.ledger.note"), HazardKind::DataLoss).reason,
             Catch::StartsWith("2,208 of ~10,000 rows of public.ledger do not fit character varying(20)"));
}

TEST_CASE("narrowing: fewer integer digits are counted and the up fails on them as PostgreSQL does") {
  const auto result =
      plan_round_trip(ledger, ledger_with("varchar(100)", "numeric(7,3)", "bigint", "text"), {}, digest);
  CHECK_THAT(result.failure, Catch::Contains("numeric field overflow"));
  const Step &alter = step_starting(result.plan, "alter column public.ledger.amount");
  CHECK(alter.phase == Phase::Contract);
  CHECK_THAT(
      hazard_of(alter, HazardKind::DataLoss).reason,
      Catch::StartsWith("1,000 of ~10,000 rows of public.ledger do not fit numeric(7,3): the up fails on values of "
                        "5 or more integer digits"));
}

TEST_CASE("narrowing: fewer decimal places are counted, rounded by the up and restored by the down") {
  const auto result =
      plan_round_trip(ledger, ledger_with("varchar(100)", "numeric(10,2)", "bigint", "text"), {}, digest);
  check_round_trip(result);
  const std::string old_rows = digest_of_old_rows();
  CHECK(result.probe_after_up != old_rows);
  CHECK(result.probe_after_down == old_rows);
  CHECK_THAT(
      hazard_of(step_starting(result.plan, "alter column public.ledger.amount"), HazardKind::DataLoss).reason,
      Catch::StartsWith("1,000 of ~10,000 rows of public.ledger do not fit numeric(10,2): the up rounds them to 2 "
                        "decimal places"));
}

TEST_CASE("narrowing: bigint to integer counts the values out of range and the up fails on them") {
  const auto result = plan_round_trip(ledger, ledger_with("varchar(100)", "numeric(10,3)", "integer", "text"));
  CHECK_THAT(result.failure, Catch::Contains("out of range"));
  const Step &alter = step_starting(result.plan, "alter column public.ledger.big");
  CHECK(alter.phase == Phase::Contract);
  CHECK_THAT(hazard_of(alter, HazardKind::DataLoss).reason,
             Catch::StartsWith("17 of ~10,000 rows of public.ledger do not fit integer: the up fails on them"));
}

TEST_CASE("narrowing: integer to smallint that every value fits converges and keeps the values") {
  const std::string small = R"(
CREATE TABLE counts (id integer PRIMARY KEY, n integer);
INSERT INTO counts SELECT g, g % 30000 FROM generate_series(1, 12000) g;
ANALYZE counts;
)";
  const std::string probe = "SELECT count(*) || ':' || sum(n) FROM counts";
  const auto result = plan_round_trip(small, "CREATE TABLE counts (id integer PRIMARY KEY, n smallint);", {}, probe);
  check_round_trip(result);
  CHECK(result.probe_after_up == "12000:72006000");
  CHECK(result.probe_after_down == "12000:72006000");
  const Step &alter = step_starting(result.plan, "alter column public.counts.n");
  CHECK(alter.phase == Phase::Contract);
  CHECK_THAT(hazard_of(alter, HazardKind::DataLoss).reason,
             Catch::StartsWith("0 of ~12,000 rows of public.counts do not fit smallint now"));
}

TEST_CASE("narrowing: text to integer counts what does not cast (syntax and range before PostgreSQL 16)") {
  const auto result = plan_round_trip(ledger, ledger_with("varchar(100)", "numeric(10,3)", "bigint", "integer"));
  CHECK_THAT(result.failure, Catch::Contains("for type integer"));
  const Step &alter = step_starting(result.plan, "alter column public.ledger.code");
  CHECK(alter.phase == Phase::Contract);
  // 10 rows of 'n/a', 4 of '99999999999'.
  CHECK_THAT(hazard_of(alter, HazardKind::DataLoss).reason,
             Catch::StartsWith("14 of ~10,000 rows of public.ledger do not fit integer: the up fails on them"));
}

TEST_CASE("narrowing: without a way to count, the plan says the rows could not be counted") {
  const TestDatabase live;
  live.execute(ledger);
  const schemadiff::testing::ScratchDirectory schema;
  schema.write("schema.sql", ledger_with("varchar(20)", "numeric(10,3)", "bigint", "date"));
  const auto current = schemadiff::source::introspect(live.conninfo());
  const auto desired =
      schemadiff::source::read_desired_schema(schema.path(), schemadiff::testing::shared_cluster_conninfo());
  const auto plan = schemadiff::plan::build_plan(current, desired, {});
  CHECK_THAT(hazard_of(step_starting(plan, "alter column public.ledger.note"), HazardKind::DataLoss).reason,
             Catch::StartsWith("the rows of public.ledger that do not fit character varying(20) could not be counted"));
  const std::string code =
      hazard_of(step_starting(plan, "alter column public.ledger.code"), HazardKind::DataLoss).reason;
  if (current.server_version_num < 160000) {
    CHECK_THAT(code, Catch::Contains("cannot be counted") && Catch::Contains("pg_input_is_valid"));
  } else {
    CHECK_THAT(code, Catch::Contains("could not be counted"));
  }
}

TEST_CASE("narrowing: on a table without a primary key the down cannot restore the values, and says so") {
  const std::string keyless = R"(
CREATE TABLE notes (body varchar(100));
INSERT INTO notes SELECT repeat('z', g % 50) FROM generate_series(1, 10000) g;
ANALYZE notes;
)";
  const auto result = plan_round_trip(keyless, "CREATE TABLE notes (body varchar(30));");
  check_round_trip(result);
  const Step &alter = step_starting(result.plan, "alter column public.notes.body");
  CHECK(alter.phase == Phase::Contract);
  CHECK(has_hazard(alter, HazardKind::Irreversible));
  CHECK_THAT(hazard_of(alter, HazardKind::DataLoss).reason,
             Catch::StartsWith("3,800 of ~10,000 rows of public.notes do not fit character varying(30)"));
  CHECK_FALSE(has_statement(alter, "schemadiff_backup"));
}

TEST_CASE("narrowing: widening stays in the expand phase without a data-loss hazard") {
  const auto result = plan_round_trip(ledger, ledger_with("varchar(200)", "numeric(12,3)", "bigint", "text"));
  check_round_trip(result);
  for (const Step &step : result.plan) {
    INFO(step.summary);
    CHECK(step.phase == Phase::Expand);
    CHECK_FALSE(has_hazard(step, HazardKind::DataLoss));
  }
}

TEST_CASE("narrowing: a view reading the column is dropped and re-created around it in the contract phase") {
  const std::string view = "CREATE VIEW long_notes AS SELECT id, note FROM ledger WHERE length(note) > 20;";
  const auto result =
      plan_round_trip(ledger + view, ledger_with("varchar(60)", "numeric(10,3)", "bigint", "text") + view, {}, digest);
  check_round_trip(result);
  CHECK(schemadiff::testing::summaries(result.plan) ==
        std::vector<std::string>{"drop view public.long_notes",
                                 "capture writes of public.ledger.note into schemadiff_backup.\"public.ledger.note\"",
                                 "copy public.ledger.note into schemadiff_backup.\"public.ledger.note\"",
                                 "alter column public.ledger.note", "re-create view public.long_notes"});
  for (const Step &step : result.plan) {
    INFO(step.summary);
    CHECK(step.phase == Phase::Contract);
  }
}
