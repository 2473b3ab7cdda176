// A column's values kept before a drop or a narrowing type change
// (src/plan/kinds/column_backup.hpp): a brief capture, a copy in batches,
// then the change, as data; round trips on tables with rows, also by a
// composite primary key; every file can run again; and the down leaves
// alone what code wrote after the rollback. Writers racing the copy:
// plan_column_backup_race_test.cpp.

#include "support/column_backup_cases.hpp"
#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"
#include "support/test_database.hpp"

#include "schemadiff/emit/migrations.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/introspect.hpp"

#include <thread>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using namespace schemadiff::testing;
using schemadiff::plan::HazardKind;
using schemadiff::plan::Limits;
using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::Plan;
using schemadiff::plan::Step;

TEST_CASE("column backup: a dropped column is kept by a brief capture and a copy in batches, then dropped") {
  const auto items_planned = planned(items, items_without_v);
  const Plan &plan = items_planned->plan;
  REQUIRE(summaries(plan) ==
          std::vector<std::string>{"capture writes of public.items.v into schemadiff_backup.\"public.items.v\"",
                                   "copy public.items.v into schemadiff_backup.\"public.items.v\"",
                                   "drop column public.items.v"});
  const Step &capture = plan[0];
  const Step &copy = plan[1];
  const Step &drop = plan[2];
  for (const Step &step : plan) {
    INFO(step.summary);
    CHECK(step.phase == Phase::Contract);
    CHECK(step.locked_relation == schemadiff::model::QualifiedName{"public", "items"});
    CHECK(step.relation_in_use);
    CHECK(has_hazard(step, HazardKind::DataLoss) == (&step == &drop));
  }
  // CREATE TRIGGER waits for the table's writers, and they wait behind it:
  // a short lock_timeout.
  CHECK(capture.transactional);
  CHECK(capture.lock == Lock::ShareRowExclusive);
  CHECK(capture.limits == Limits{"1s", "0"});
  // The copy blocks no one: no limits, one statement up and down.
  CHECK_FALSE(copy.transactional);
  CHECK(copy.lock == Lock::RowExclusive);
  CHECK(copy.limits == Limits{"0", "0"});
  CHECK(copy.up.size() == 1);
  CHECK(copy.down.size() == 1);
  CHECK_THAT(copy.up.front(), Catch::Contains("ON CONFLICT DO NOTHING") && Catch::Contains("COMMIT;") &&
                                  Catch::Contains("ORDER BY id LIMIT 500"));
  CHECK_THAT(copy.down.front(), Catch::Contains("schemadiff_row.v IS NULL AND schemadiff_kept.v IS NOT NULL") &&
                                    Catch::Contains("COMMIT;"));
  CHECK(drop.transactional);
  CHECK(drop.lock == Lock::AccessExclusive);
  CHECK(drop.limits == Limits{"1s", "0"});
  CHECK(drop.up == std::vector<std::string>{"DROP TRIGGER IF EXISTS schemadiff_backup_v ON public.items",
                                            "DROP FUNCTION IF EXISTS schemadiff.\"backup public.items.v\"()",
                                            "ALTER TABLE IF EXISTS public.items DROP COLUMN IF EXISTS v"});
  // Back nullable with no value in its rows; NOT NULL once they are back.
  CHECK(drop.down == std::vector<std::string>{"ALTER TABLE public.items ADD COLUMN IF NOT EXISTS v text",
                                              "ALTER TABLE public.items ALTER COLUMN v SET DEFAULT 'none'::text"});
  CHECK(capture.down == std::vector<std::string>{"DROP TRIGGER IF EXISTS schemadiff_backup_v ON public.items",
                                                 "DROP FUNCTION IF EXISTS schemadiff.\"backup public.items.v\"()",
                                                 "ALTER TABLE public.items ALTER COLUMN v SET NOT NULL",
                                                 "DROP TABLE IF EXISTS schemadiff_backup.\"public.items.v\""});
  // The copy is a migration of its own, outside a transaction.
  const auto migrations = schemadiff::emit::group_into_migrations(plan);
  const auto copying = std::find_if(migrations.begin(), migrations.end(), [&](const auto &migration) {
    return migration.summaries == std::vector<std::string>{copy.summary};
  });
  REQUIRE(copying != migrations.end());
  CHECK_FALSE(copying->transactional);

  // Between the steps, the capture is schemadiff's, not the schema's.
  run_up(items_planned->database.conninfo(), capture);
  CHECK(schemadiff::source::introspect(items_planned->database.conninfo()).same_schema(items_planned->before));
}

TEST_CASE("column backup: a dropped column's values come back with the down, NOT NULL and default too") {
  // A backup table left by an earlier drop of a column of that name holds
  // other values: it is replaced, not mixed in.
  const std::string stale = "CREATE SCHEMA schemadiff_backup;"
                            "CREATE TABLE schemadiff_backup.\"public.items.v\" (id bigint PRIMARY KEY, v text);"
                            "INSERT INTO schemadiff_backup.\"public.items.v\" SELECT id, 'stale' FROM items;";
  const std::string digest = "SELECT count(*) || ':' || md5(string_agg(coalesce(to_jsonb(i) ->> 'v', '-'), ',' ORDER "
                             "BY id)) FROM items i";
  const auto result = plan_round_trip(items + stale, items_without_v, in_batches_of_500(), digest);
  check_round_trip(result);
  const TestDatabase original;
  original.execute(items);
  CHECK(result.probe_after_down == original.query_value(digest));
  CHECK(result.probe_after_up != result.probe_after_down);
}

TEST_CASE("column backup: a composite primary key is walked and matched by a row comparison, and comes back") {
  const std::string digest = "SELECT count(*) || ':' || md5(string_agg(coalesce(to_jsonb(r) ->> 'v', '-'), ',' ORDER "
                             "BY site, taken)) FROM readings r";
  const auto result = plan_round_trip(readings, readings_without_v, in_batches_of_500(), digest);
  check_round_trip(result);
  const TestDatabase original;
  original.execute(readings);
  CHECK(result.probe_after_down == original.query_value(digest));
  const Step &copy = result.plan[step_named(result.plan, "copy public.readings.v into schemadiff_backup.\"public."
                                                         "readings.v\"")];
  CHECK_THAT(copy.up.front(), Catch::Contains("(site, taken) > (schemadiff_last_1, schemadiff_last_2)") &&
                                  Catch::Contains("ORDER BY site, taken LIMIT 500"));
}

TEST_CASE("column backup: every file can run again, after it succeeded or failed half-way") {
  const auto items_planned = planned(items, items_without_v);
  const TestDatabase &database = items_planned->database;
  const std::string &conninfo = database.conninfo();
  const Plan &plan = items_planned->plan;
  const std::string copied = "SELECT count(*) FROM schemadiff_backup.\"public.items.v\"";
  run_up(conninfo, plan[0]);
  run_up(conninfo, plan[0]);

  // The copy fails half-way: a session holds a key it is about to copy, and
  // the copy is cancelled while it waits.
  pqxx::connection holder(conninfo);
  pqxx::work holding(holder);
  holding.exec("INSERT INTO schemadiff_backup.\"public.items.v\" VALUES (20000, 'held')");
  std::string copy_error;
  std::thread copy([&] {
    try {
      run_up(conninfo, plan[1]);
    } catch (const std::exception &error) {
      copy_error = error.what();
    }
  });
  wait_for_lock_wait(database, holder.backendpid());
  database.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND "
                   "wait_event_type = 'Lock'");
  copy.join();
  holding.abort();
  CHECK_THAT(copy_error, Catch::Contains("canceling statement"));
  CHECK(std::stoi(database.query_value(copied)) == 9500); // the batches before key 20000
  run_up(conninfo, plan[1]);
  CHECK(database.query_value(copied) == "20000");
  run_up(conninfo, plan[1]);
  run_up(conninfo, plan[2]);
  run_up(conninfo, plan[2]);
  CHECK(schemadiff::source::introspect(conninfo).same_schema(items_planned->desired));
  // Out of turn, after the drop, the capture and the copy do nothing: no
  // trigger on a column that is gone, and the backup stays as it is.
  run_up(conninfo, plan[0]);
  run_up(conninfo, plan[1]);
  CHECK(database.query_value("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'items'::regclass") == "0");
  CHECK(database.query_value(copied) == "20000");

  for (auto step = plan.rbegin(); step != plan.rend(); ++step) {
    run_down(conninfo, *step);
    run_down(conninfo, *step);
  }
  CHECK(schemadiff::source::introspect(conninfo).same_schema(items_planned->before));
  CHECK(database.query_value("SELECT count(*) FROM items WHERE v = 'value ' || id / 2") == "20000");
}

TEST_CASE("column backup: the down writes back only into rows that code has not written since the rollback") {
  SECTION("a dropped column: rows still NULL") {
    const auto items_planned = planned(items, items_without_v);
    const std::string &conninfo = items_planned->database.conninfo();
    const Plan &plan = items_planned->plan;
    for (const Step &step : plan) run_up(conninfo, step);
    run_down(conninfo, plan[2]);
    // The rolled-back code writes the column again.
    items_planned->database.execute("UPDATE items SET v = 'after the rollback' WHERE id = 4;"
                                    "INSERT INTO items (id, name, v) VALUES (3, 'new', 'new since');");
    run_down(conninfo, plan[1]);
    run_down(conninfo, plan[0]);
    CHECK(items_planned->database.query_value("SELECT string_agg(v, '|' ORDER BY id) FROM items WHERE id <= 6") ==
          "value 1|new since|after the rollback|value 3");
  }

  SECTION("a narrowing: rows still holding the narrowed value") {
    const auto notes_planned = planned(notes, notes_narrowed);
    const std::string &conninfo = notes_planned->database.conninfo();
    const Plan &plan = notes_planned->plan;
    for (const Step &step : plan) run_up(conninfo, step);
    const std::size_t change = step_named(plan, "alter column public.notes.v");
    run_down(conninfo, plan[change]);
    notes_planned->database.execute("UPDATE notes SET v = 'after the rollback' WHERE id = 4");
    for (std::size_t step = change; step-- > 0;) run_down(conninfo, plan[step]);
    CHECK(notes_planned->database.query_value("SELECT string_agg(v, '|' ORDER BY id) FROM notes WHERE id <= 6") ==
          "a note long enough to be cut 1|after the rollback|a note long enough to be cut 3");
  }
}
