// The safe forms of hazards.md on a table with rows: each test checks the
// shape of the steps (as data), that the up converges and the down
// restores, and that the rows are intact.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"
#include "support/test_database.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/introspect.hpp"

#include <algorithm>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::Plan;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::has_hazard;
using schemadiff::testing::has_statement;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;
using schemadiff::testing::step_starting;
using schemadiff::testing::PlanRoundTrip;

namespace {

const std::string accounts_schema = R"(
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint, balance integer, note varchar(20));
CREATE TABLE owners (id bigint PRIMARY KEY);
)";

// 10,000 rows: enough that a plan must treat the table as one with data.
const std::string accounts = accounts_schema + R"(
INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
INSERT INTO accounts SELECT g, 'user' || g || '@example.com', 1 + g % 100, g % 1000, 'n' || g
  FROM generate_series(1, 10000) g;
)";

const std::string row_digest = "SELECT count(*) || ':' || sum(balance) || ':' || count(DISTINCT email) FROM accounts";

void check_converges_and_keeps_rows(const PlanRoundTrip &result) {
  INFO("failure: " << result.failure);
  CHECK(result.failure.empty());
  CHECK(result.up_reaches_new);
  CHECK(result.second_plan.empty());
  CHECK(result.down_restores_old);
  CHECK(result.probe_after_up == "10000:4995000:10000");
  CHECK(result.probe_after_down == "10000:4995000:10000");
}

std::string new_accounts(const std::string &changes) {
  return "CREATE TABLE owners (id bigint PRIMARY KEY);\n" + changes;
}

} // namespace

TEST_CASE("online: an index on a table with rows is built CONCURRENTLY, alone, after dropping an invalid leftover") {
  const auto result = plan_round_trip(
      accounts, new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint, balance integer, "
                             "note varchar(20));\nCREATE INDEX accounts_email_idx ON accounts (email);"),
      {}, row_digest);
  check_converges_and_keeps_rows(result);
  const Step &build = step_starting(result.plan, "create index");
  CHECK_FALSE(build.transactional);
  CHECK(build.lock == Lock::ShareUpdateExclusive);
  // A failed attempt leaves an INVALID index: dropped first, and only then.
  CHECK_THAT(build.retry_cleanup,
             Catch::Contains("NOT indisvalid") && Catch::Contains("DROP INDEX public.accounts_email_idx"));
  CHECK(has_statement(build, "CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_idx ON public.accounts"));
  CHECK(build.down == std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS public.accounts_email_idx"});
}

TEST_CASE("online: dropping an index on a table with rows is DROP INDEX CONCURRENTLY") {
  const auto result = plan_round_trip(accounts + "CREATE INDEX accounts_note_idx ON accounts (note);",
                                      new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner "
                                                   "bigint, balance integer, note varchar(20));"),
                                      {}, row_digest);
  check_converges_and_keeps_rows(result);
  const Step &drop = step_starting(result.plan, "drop index");
  CHECK(has_statement(drop, "DROP INDEX CONCURRENTLY IF EXISTS public.accounts_note_idx"));
  CHECK_FALSE(drop.transactional);
}

TEST_CASE("online: foreign keys and checks are added NOT VALID, then validated in a later step") {
  const auto result = plan_round_trip(
      accounts,
      new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint REFERENCES owners, "
                   "balance integer CONSTRAINT balance_positive CHECK (balance >= 0), note varchar(20));"),
      {}, row_digest);
  check_converges_and_keeps_rows(result);
  const Step &add_check = step_starting(result.plan, "add constraint public.accounts.balance_positive NOT VALID");
  CHECK(has_statement(add_check, "CHECK (balance >= 0) NOT VALID"));
  CHECK(add_check.phase == Phase::Expand);
  const Step &validate = step_starting(result.plan, "validate constraint public.accounts.balance_positive");
  CHECK(validate.lock == Lock::ShareUpdateExclusive);
  CHECK(validate.phase == Phase::Contract);
  const Step &add_fk = step_starting(result.plan, "add constraint public.accounts.accounts_owner_fkey NOT VALID");
  CHECK(add_fk.lock == Lock::ShareRowExclusive);
  CHECK(has_statement(add_fk, "NOT VALID"));
  step_starting(result.plan, "validate constraint public.accounts.accounts_owner_fkey");
}

TEST_CASE("online: a unique constraint on a table with rows takes over a concurrently built index") {
  const auto result = plan_round_trip(
      accounts,
      new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text CONSTRAINT accounts_email_key UNIQUE, "
                   "owner bigint, balance integer, note varchar(20));"),
      {}, row_digest);
  check_converges_and_keeps_rows(result);
  const Step &build = step_starting(result.plan, "build index public.accounts_email_key");
  CHECK_FALSE(build.transactional);
  CHECK(has_statement(build, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_key"));
  const Step &attach = step_starting(result.plan, "add constraint public.accounts.accounts_email_key using its index");
  CHECK(has_statement(attach, "UNIQUE USING INDEX accounts_email_key"));
}

TEST_CASE("online: SET NOT NULL goes through a validated CHECK") {
  const auto result = plan_round_trip(
      accounts, new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, owner bigint, "
                             "balance integer, note varchar(20));"),
      {}, row_digest);
  check_converges_and_keeps_rows(result);
  const Step &add = step_starting(result.plan, "add NOT NULL check");
  CHECK(has_statement(add, "CHECK (email IS NOT NULL) NOT VALID"));
  const Step &validate = step_starting(result.plan, "validate NOT NULL check");
  CHECK(validate.lock == Lock::ShareUpdateExclusive);
  const Step &set = step_starting(result.plan, "set NOT NULL");
  CHECK(has_statement(set, "SET NOT NULL"));
  CHECK(has_statement(set, "DROP CONSTRAINT IF EXISTS accounts_email_not_null"));
  CHECK(set.phase == Phase::Contract);
}

TEST_CASE("online: widening a varchar is no rewrite; int to bigint is flagged with the table's size") {
  const auto widened = plan_round_trip(
      accounts, new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint, balance bigint, "
                             "note varchar(40));"),
      {}, row_digest);
  check_converges_and_keeps_rows(widened);
  const Step &note = step_starting(widened.plan, "alter column public.accounts.note");
  CHECK(std::none_of(note.hazards.begin(), note.hazards.end(),
                     [](const auto &hazard) { return hazard.kind == HazardKind::TableRewrite; }));
  const Step &balance = step_starting(widened.plan, "alter column public.accounts.balance");
  REQUIRE_FALSE(balance.hazards.empty());
  CHECK(balance.hazards.front().kind == HazardKind::TableRewrite);
  CHECK_THAT(balance.hazards.front().reason, Catch::Contains("integer to bigint") && Catch::Contains("rows"));
  // The rewrite holds ACCESS EXCLUSIVE, which a hot standby replays; the
  // widening is a catalog change that no standby query notices.
  CHECK(has_hazard(balance, HazardKind::StandbyConflict));
  CHECK_FALSE(has_hazard(note, HazardKind::StandbyConflict));
}

TEST_CASE("online: a step whose lock blocks reads or writes is bounded by [safety]; one that blocks neither waits") {
  schemadiff::plan::PlanOptions options;
  options.lock_timeout = "150ms";
  options.statement_timeout = "1min";
  const auto result = plan_round_trip(
      accounts, new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, owner bigint, "
                             "balance integer, note varchar(20));\nCREATE INDEX accounts_owner_idx ON accounts (owner);"),
      options, row_digest);
  check_converges_and_keeps_rows(result);
  std::size_t bounded = 0;
  std::size_t patient = 0;
  for (const Step &step : result.plan) {
    INFO(step.summary);
    // The limits are fields, never statements of the step.
    for (const std::string &statement : step.up) CHECK_FALSE(statement.starts_with("SET "));
    if (step.lock == Lock::None) {
      CHECK_FALSE(step.limits.has_value());
    } else if (step.lock >= Lock::Share) {
      CHECK(step.limits == schemadiff::plan::Limits{"150ms", "1min"});
      ++bounded;
    } else {
      // A concurrent build or a VALIDATE thrown away after its scan would
      // protect no one.
      CHECK(step.limits == schemadiff::plan::Limits{"0", "0"});
      ++patient;
    }
  }
  CHECK(bounded > 0);
  CHECK(patient > 0);
}

TEST_CASE("online: a step waiting behind a long transaction fails at lock_timeout instead of queueing") {
  const schemadiff::testing::TestDatabase database;
  database.execute(accounts);
  schemadiff::plan::PlanOptions options;
  options.lock_timeout = "200ms";
  // A reader keeps its transaction open on the table.
  pqxx::connection reader(database.conninfo());
  pqxx::work reading(reader);
  reading.exec("SELECT count(*) FROM accounts");
  Step set_not_null;
  set_not_null.lock = Lock::AccessExclusive;
  set_not_null.up = {"SET lock_timeout = '200ms'", "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL"};
  try {
    schemadiff::testing::apply_up(database.conninfo(), {set_not_null});
    FAIL("expected the lock wait to time out");
  } catch (const std::exception &error) {
    CHECK_THAT(error.what(), Catch::Contains("lock timeout"));
  }
  // Meanwhile other writers were never queued behind it: they run now.
  pqxx::connection writer(database.conninfo());
  pqxx::nontransaction writing(writer);
  writing.exec("UPDATE accounts SET balance = balance WHERE id = 1");
  reading.abort();
}

TEST_CASE("online: a dropped column's values are kept in schemadiff_backup and the down writes them back") {
  const auto result = plan_round_trip(
      accounts, new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint, balance integer);"),
      // to_jsonb: the probe runs with and without the column.
      {}, "SELECT count(*) || ':' || count(DISTINCT to_jsonb(a) ->> 'note') FROM accounts a");
  INFO("failure: " << result.failure);
  CHECK(result.failure.empty());
  CHECK(result.up_reaches_new);
  CHECK(result.second_plan.empty());
  CHECK(result.down_restores_old);
  CHECK(result.probe_after_up == "10000:0");
  CHECK(result.probe_after_down == "10000:10000");
  const Step &drop = step_starting(result.plan, "drop column public.accounts.note");
  CHECK(drop.phase == Phase::Contract);
  // Kept by the steps before it (plan_column_backup_test.cpp); the drop
  // stops their capture in its own transaction.
  CHECK(step_named(result.plan, "copy public.accounts.note into schemadiff_backup.\"public.accounts.note\"") <
        step_named(result.plan, "drop column public.accounts.note"));
  CHECK(drop.up == std::vector<std::string>{"DROP TRIGGER IF EXISTS schemadiff_backup_note ON public.accounts",
                                            "DROP FUNCTION IF EXISTS schemadiff.\"backup public.accounts.note\"()",
                                            "ALTER TABLE IF EXISTS public.accounts DROP COLUMN IF EXISTS note"});
  CHECK(drop.hazards.front().kind == HazardKind::DataLoss);
}

TEST_CASE("online: a dropped table moves to schemadiff_backup and the down moves it back with its rows") {
  const auto result = plan_round_trip(accounts + "CREATE TABLE audit (id int PRIMARY KEY, what text);"
                                                 "INSERT INTO audit SELECT g, 'x' FROM generate_series(1, 500) g;",
                                      accounts_schema, {},
                                      // Counts the rows when the table is there, with and without it.
                                      "SELECT CASE WHEN to_regclass('public.audit') IS NULL THEN 'gone' ELSE "
                                      "(xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM public.audit', "
                                      "false, true, '')))[1]::text END");
  INFO("failure: " << result.failure);
  CHECK(result.failure.empty());
  CHECK(result.down_restores_old);
  CHECK(result.probe_after_up == "gone");
  CHECK(result.probe_after_down == "500");
  const Step &drop = step_starting(result.plan, "drop table public.audit");
  CHECK(has_statement(drop, "ALTER TABLE public.audit RENAME TO \"public.audit\""));
  CHECK(has_statement(drop, "SET SCHEMA schemadiff_backup"));
}

TEST_CASE("online: a new NOT NULL column on a table with rows is added nullable, backfilled in batches, then constrained") {
  schemadiff::plan::PlanOptions options;
  // Computed from the row (a constant would be the added column's default,
  // with no backfill at all).
  options.backfill["public.accounts.tier"] = "CASE WHEN id > 0 THEN 'basic' END";
  options.backfill_batch_rows = 1500;
  const auto result = plan_round_trip(
      accounts, new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint, balance integer, "
                             "note varchar(20), tier text NOT NULL);"),
      options, "SELECT count(*) || ':' || count(DISTINCT to_jsonb(a) ->> 'tier') FROM accounts a");
  INFO("failure: " << result.failure);
  CHECK(result.failure.empty());
  CHECK(result.up_reaches_new);
  CHECK(result.second_plan.empty());
  CHECK(result.down_restores_old);
  CHECK(result.probe_after_up == "10000:1");
  CHECK(result.probe_after_down == "10000:0");
  const Step &add = step_starting(result.plan, "add column public.accounts.tier");
  CHECK(add.phase == Phase::Expand);
  CHECK(has_statement(add, "ADD COLUMN IF NOT EXISTS tier text"));
  CHECK_FALSE(has_statement(add, "NOT NULL"));
  const Step &backfill = step_starting(result.plan, "backfill public.accounts.tier");
  CHECK(backfill.phase == Phase::Backfill);
  CHECK_FALSE(backfill.transactional);
  CHECK(has_statement(backfill, "ORDER BY id LIMIT schemadiff_rows"));
  CHECK(has_statement(backfill, "schemadiff_rows bigint := 1500;"));
  CHECK(has_statement(backfill, "COMMIT"));
  // Its old row versions, vacuumed, cancel standby queries that still see them.
  CHECK(has_hazard(backfill, HazardKind::StandbyConflict));
  CHECK_FALSE(has_hazard(add, HazardKind::StandbyConflict));
  CHECK(step_starting(result.plan, "set NOT NULL on public.accounts.tier").phase == Phase::Contract);
}

TEST_CASE("online: a new NOT NULL column without a backfill value is an error naming the column and the key") {
  try {
    plan_round_trip(accounts, new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint, "
                                           "balance integer, note varchar(20), tier text NOT NULL);"));
    FAIL("expected an error");
  } catch (const schemadiff::Error &error) {
    CHECK_THAT(error.what(), Catch::Contains("public.accounts.tier") && Catch::Contains("has rows"));
    CHECK_THAT(error.hint(), Catch::Contains("[backfill] \"public.accounts.tier\""));
  }
}

TEST_CASE("online: a new NOT NULL column on an empty table is added at once, relying on it staying empty") {
  schemadiff::plan::PlanOptions options;
  options.table_has_rows = [](const schemadiff::model::QualifiedName &) { return false; };
  const auto result = plan_round_trip(accounts_schema,
                                      new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner "
                                                   "bigint, balance integer, note varchar(20), tier text NOT NULL);"),
                                      options);
  CHECK(result.failure.empty());
  CHECK(result.up_reaches_new);
  const Step &add = step_starting(result.plan, "add column public.accounts.tier");
  CHECK(has_statement(add, "ADD COLUMN IF NOT EXISTS tier text NOT NULL"));
  CHECK_THAT(add.hazards.back().reason, Catch::Contains("staying empty"));
}

TEST_CASE("online: a volatile default is set for new rows and backfills the old ones") {
  const auto result = plan_round_trip(
      accounts, new_accounts("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner bigint, balance integer, "
                             "note varchar(20), token uuid NOT NULL DEFAULT gen_random_uuid());"),
      {}, "SELECT count(*) || ':' || count(DISTINCT to_jsonb(a) ->> 'token') FROM accounts a");
  INFO("failure: " << result.failure);
  CHECK(result.failure.empty());
  CHECK(result.up_reaches_new);
  CHECK(result.second_plan.empty());
  CHECK(result.probe_after_up == "10000:10000");
  const Step &add = step_starting(result.plan, "add column public.accounts.token");
  CHECK(has_statement(add, "SET DEFAULT gen_random_uuid()"));
  step_starting(result.plan, "backfill public.accounts.token");
}
