// A changed index, primary key or unique constraint on a table with rows is
// never missing: its new definition is built CONCURRENTLY under a temporary
// name and only then takes the old one's place. Each test checks the steps
// as data, runs the up and the down, and after every single step of both
// looks in pg_index and pg_constraint for a valid index or key of the old
// or the new definition.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::Plan;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::has_down_statement;
using schemadiff::testing::has_hazard;
using schemadiff::testing::has_statement;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::PlanRoundTrip;
using schemadiff::testing::step_running;
using schemadiff::testing::step_starting;

namespace {

const std::string accounts_table = "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, owner bigint, "
                                   "note text);\n";

// 10,000 rows: a table the plan must treat as one with data.
const std::string accounts_rows = "INSERT INTO accounts SELECT g, 'user' || g || '@example.com', 1 + g % 100, 'n' || g "
                                  "FROM generate_series(1, 10000) g;\n";

const std::string row_digest = "SELECT count(*) || ':' || count(DISTINCT email) FROM accounts";

std::string value_of(const std::string &conninfo, const std::string &query) {
  pqxx::connection connection(conninfo);
  pqxx::nontransaction read(connection);
  const pqxx::field value = read.exec1(query)[0];
  return value.is_null() ? std::string() : value.as<std::string>();
}

// The position of the first step whose summary starts with `prefix`.
std::size_t step_starting_at(const Plan &plan, const std::string &prefix) {
  const Step &step = step_starting(plan, prefix);
  return static_cast<std::size_t>(&step - plan.data());
}

// How many valid indexes of the table pg_get_indexdef prints matching the
// regular expression (their names left out).
int valid_indexes(const std::string &conninfo, const std::string &table, const std::string &definition) {
  return std::stoi(value_of(
      conninfo, "SELECT count(*) FROM pg_index i WHERE i.indrelid = '" + table +
                    "'::regclass AND i.indisvalid AND regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?"
                    "INDEX \\S+ ON ', '') ~ '" +
                    definition + "'"));
}

// The definition of the table's primary key, when it has one whose index is valid.
std::string valid_primary_key(const std::string &conninfo, const std::string &table) {
  return value_of(conninfo, "SELECT (SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_index i ON "
                            "i.indexrelid = c.conindid WHERE c.conrelid = '" +
                                table + "'::regclass AND c.contype = 'p' AND i.indisvalid AND i.indisprimary)");
}

bool has_foreign_key(const std::string &conninfo, const std::string &name) {
  return value_of(conninfo, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conname = '" + name + "'") ==
         "1";
}

void check_converges_and_keeps_rows(const PlanRoundTrip &result) {
  check_round_trip(result);
  CHECK(result.probe_after_up == "10000:10000");
  CHECK(result.probe_after_down == "10000:10000");
}

// The steps run in order: each position after the one before.
void check_in_order(const std::vector<std::size_t> &positions) {
  for (std::size_t i = 1; i < positions.size(); ++i) CHECK(positions[i - 1] < positions[i]);
}

} // namespace

TEST_CASE("swap: a changed index is built concurrently under a temporary name, the old one dropped, then renamed") {
  const std::string old_index = "^public\\.accounts USING btree \\(email\\)$";
  const std::string new_index = "^public\\.accounts USING btree \\(email, owner\\)$";
  std::vector<std::string> missing;
  const auto result = plan_round_trip(
      accounts_table + "CREATE INDEX accounts_email_idx ON accounts (email);\n" + accounts_rows,
      accounts_table + "CREATE INDEX accounts_email_idx ON accounts (email, owner);\n", {}, row_digest,
      [&](const std::string &conninfo, const Step &step) {
        if (valid_indexes(conninfo, "accounts", old_index) + valid_indexes(conninfo, "accounts", new_index) == 0) {
          missing.push_back(step.summary);
        }
      });
  check_converges_and_keeps_rows(result);
  INFO("steps after which accounts had no valid index on email: " << Catch::Detail::stringify(missing));
  CHECK(missing.empty());

  const Plan &plan = result.plan;
  const std::size_t build =
      step_running(plan, "CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_idx_swap ON public.accounts");
  const std::size_t drop = step_running(plan, "DROP INDEX CONCURRENTLY IF EXISTS public.accounts_email_idx");
  const std::size_t rename =
      step_running(plan, "ALTER INDEX IF EXISTS public.accounts_email_idx_swap RENAME TO accounts_email_idx");
  check_in_order({build, drop, rename});
  CHECK(plan.size() == 3);

  CHECK_FALSE(plan[build].transactional);
  CHECK(plan[build].lock == Lock::ShareUpdateExclusive);
  // A failed attempt's INVALID leftover is dropped before the next one.
  CHECK_THAT(plan[build].retry_cleanup,
             Catch::Contains("DROP INDEX public.accounts_email_idx_swap") && Catch::Contains("NOT indisvalid"));
  CHECK(has_statement(plan[build], "USING btree (email, owner)"));
  CHECK(plan[build].down ==
        std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS public.accounts_email_idx_swap"});

  CHECK_FALSE(plan[drop].transactional);
  CHECK(plan[drop].lock == Lock::ShareUpdateExclusive);
  CHECK(has_down_statement(
      plan[drop], "CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_idx ON public.accounts USING btree (email)"));

  // PostgreSQL >= 12: SHARE UPDATE EXCLUSIVE on the index alone.
  CHECK(plan[rename].transactional);
  CHECK(plan[rename].lock == Lock::ShareUpdateExclusive);
  CHECK(plan[rename].down.back() ==
        "ALTER INDEX IF EXISTS public.accounts_email_idx RENAME TO accounts_email_idx_swap");
  for (const Step &step : plan) CHECK(step.phase == Phase::Expand);
}

TEST_CASE("swap: the temporary name of a long index name stays within 63 bytes without cutting a UTF-8 character") {
  // 63 bytes, the most PostgreSQL keeps: "í", "ó", "ñ" are two bytes each.
  const std::string name = "índice_de_correo_electrónico_de_las_cuentas_de_una_compañía";
  REQUIRE(name.size() == 63);
  const auto result =
      plan_round_trip(accounts_table + "CREATE INDEX \"" + name + "\" ON accounts (email);\n" + accounts_rows,
                      accounts_table + "CREATE INDEX \"" + name + "\" ON accounts (lower(email));\n", {}, row_digest);
  check_converges_and_keeps_rows(result);
  // Cut to 58 bytes for the suffix would split "ñ": the name is cut before
  // it. A split character is an error in PostgreSQL, and a name over 63
  // bytes would be truncated, so that the rename would not find it.
  const std::size_t build =
      step_running(result.plan, "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"índice_de_correo_electrónico_de_las_"
                                "cuentas_de_una_compa_swap\"");
  CHECK(has_statement(result.plan[build], "(lower(email))"));
}

TEST_CASE("swap: a primary key extended by a new column is never missing, and the column comes first") {
  std::vector<std::string> missing;
  const auto result = plan_round_trip(
      accounts_table + accounts_rows,
      "CREATE TABLE accounts (id bigint, shard int NOT NULL DEFAULT 0, email text NOT NULL, owner bigint, note text, "
      "PRIMARY KEY (id, shard));\n",
      {}, row_digest, [&](const std::string &conninfo, const Step &step) {
        const std::string key = valid_primary_key(conninfo, "accounts");
        if (key != "PRIMARY KEY (id)" && key != "PRIMARY KEY (id, shard)") missing.push_back(step.summary + ": " + key);
      });
  check_converges_and_keeps_rows(result);
  INFO("steps after which accounts had no valid primary key: " << Catch::Detail::stringify(missing));
  CHECK(missing.empty());

  const Plan &plan = result.plan;
  const std::size_t add = step_starting_at(plan, "add column public.accounts.shard");
  const std::size_t build = step_running(
      plan,
      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_pkey_swap ON public.accounts USING btree (id, shard)");
  const std::size_t swap = step_running(
      plan, "ALTER TABLE public.accounts DROP CONSTRAINT accounts_pkey, ADD CONSTRAINT accounts_pkey PRIMARY KEY USING "
            "INDEX accounts_pkey_swap");
  const std::size_t rebuild = step_starting_at(plan, "let the down rebuild the old index public.accounts_pkey");
  check_in_order({add, build, swap, rebuild});

  CHECK_FALSE(plan[build].transactional);
  CHECK(plan[build].lock == Lock::ShareUpdateExclusive);
  CHECK_THAT(plan[build].retry_cleanup, Catch::Contains("DROP INDEX public.accounts_pkey_swap"));

  // One short transaction: the old key goes and the new one takes over the built index.
  CHECK(plan[swap].transactional);
  CHECK(plan[swap].lock == Lock::AccessExclusive);
  CHECK(plan[swap].phase == Phase::Expand);
  CHECK_FALSE(has_hazard(plan[swap], HazardKind::FullScan));
  // Run again after it succeeded, the swap does nothing: it acts only while
  // the index under the temporary name is there.
  REQUIRE(plan[swap].down.size() == 1);
  CHECK_THAT(plan[swap].down.front(),
             Catch::Contains("IF to_regclass('public.accounts_pkey_swap') IS NOT NULL THEN") &&
                 Catch::Contains("ALTER TABLE public.accounts DROP CONSTRAINT accounts_pkey, ADD CONSTRAINT "
                                 "accounts_pkey PRIMARY KEY USING INDEX accounts_pkey_swap"));

  // The down builds the old key's index again, concurrently, before swapping back.
  CHECK_FALSE(plan[rebuild].transactional);
  CHECK(has_down_statement(
      plan[rebuild],
      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_pkey_swap ON public.accounts USING btree (id)"));
  // No step drops the key on its own.
  for (const Step &step : plan) {
    for (const std::string &statement : step.up)
      CHECK(statement != "ALTER TABLE public.accounts DROP CONSTRAINT accounts_pkey");
  }
}

TEST_CASE("swap: a primary key extended by a nullable column waits for its validated NOT NULL, in the contract phase") {
  std::vector<std::string> missing;
  const auto result = plan_round_trip(
      accounts_table + accounts_rows,
      "CREATE TABLE accounts (id bigint, email text NOT NULL, owner bigint, note text, PRIMARY KEY (id, owner));\n", {},
      row_digest, [&](const std::string &conninfo, const Step &step) {
        const std::string key = valid_primary_key(conninfo, "accounts");
        if (key != "PRIMARY KEY (id)" && key != "PRIMARY KEY (id, owner)") missing.push_back(step.summary + ": " + key);
      });
  check_converges_and_keeps_rows(result);
  INFO("steps after which accounts had no valid primary key: " << Catch::Detail::stringify(missing));
  CHECK(missing.empty());

  const Plan &plan = result.plan;
  const std::size_t check = step_running(plan, "CHECK (owner IS NOT NULL) NOT VALID");
  const std::size_t validate = step_running(plan, "VALIDATE CONSTRAINT accounts_owner_not_null");
  const std::size_t set = step_running(plan, "ALTER COLUMN owner SET NOT NULL");
  const std::size_t build = step_running(plan, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_pkey_swap");
  const std::size_t swap =
      step_running(plan, "ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey_swap");
  check_in_order({check, validate, set, swap});
  CHECK(build < swap);
  CHECK(plan[build].phase == Phase::Expand);
  // NOT NULL is there when the key takes over: no scan under its lock.
  CHECK(plan[swap].phase == Phase::Contract);
  CHECK_FALSE(has_hazard(plan[swap], HazardKind::FullScan));
}

TEST_CASE("swap: foreign keys on a changed primary key move in the swap's transaction and are validated later") {
  const std::string orders = "CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT "
                             "orders_account_id_fkey REFERENCES accounts);\n";
  std::vector<std::string> missing;
  const auto result = plan_round_trip(
      accounts_table + orders + accounts_rows + "INSERT INTO orders SELECT g, g FROM generate_series(1, 5000) g;\n",
      "CREATE TABLE accounts (id bigint, email text NOT NULL, owner bigint, note text, PRIMARY KEY (id) INCLUDE "
      "(email));\n" +
          orders,
      {}, row_digest, [&](const std::string &conninfo, const Step &step) {
        const std::string key = valid_primary_key(conninfo, "accounts");
        if (key != "PRIMARY KEY (id)" && key != "PRIMARY KEY (id) INCLUDE (email)") missing.push_back(step.summary);
        if (!has_foreign_key(conninfo, "orders_account_id_fkey")) missing.push_back(step.summary + " (foreign key)");
      });
  check_converges_and_keeps_rows(result);
  INFO("steps after which the key or the foreign key was missing: " << Catch::Detail::stringify(missing));
  CHECK(missing.empty());

  const Plan &plan = result.plan;
  const std::size_t swap =
      step_running(plan, "ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey_swap");
  const Step &moving = plan[swap];
  CHECK(moving.transactional);
  CHECK(has_statement(moving, "ALTER TABLE public.orders DROP CONSTRAINT orders_account_id_fkey"));
  CHECK(has_statement(moving, "ALTER TABLE public.orders ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY "
                              "(account_id) REFERENCES public.accounts(id) NOT VALID"));
  CHECK(has_down_statement(moving, "ALTER TABLE public.orders DROP CONSTRAINT orders_account_id_fkey"));
  CHECK(has_hazard(moving, HazardKind::AccessExclusiveLock));
  const std::size_t validate =
      step_running(plan, "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_account_id_fkey");
  CHECK(swap < validate);
  CHECK(plan[validate].lock == Lock::ShareUpdateExclusive);
  CHECK(plan[validate].phase == Phase::Contract);
  // No step drops the foreign key on its own.
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (i != swap) CHECK_FALSE(has_statement(plan[i], "DROP CONSTRAINT orders_account_id_fkey"));
  }
}

TEST_CASE("swap: a changed unique constraint is never missing") {
  const std::string with_unique = "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, owner bigint, "
                                  "note text, CONSTRAINT accounts_email_key UNIQUE (email));\n";
  std::vector<std::string> missing;
  const auto result = plan_round_trip(
      with_unique + accounts_rows,
      "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, owner bigint, note text, CONSTRAINT "
      "accounts_email_key UNIQUE (email, owner));\n",
      {}, row_digest, [&](const std::string &conninfo, const Step &step) {
        if (valid_indexes(conninfo, "accounts", "^public\\.accounts USING btree \\(email(, owner)?\\)$") == 0 ||
            value_of(conninfo, "SELECT count(*) FROM pg_constraint WHERE contype = 'u' AND conname = "
                               "'accounts_email_key'") != "1") {
          missing.push_back(step.summary);
        }
      });
  check_converges_and_keeps_rows(result);
  INFO("steps after which the unique constraint was missing: " << Catch::Detail::stringify(missing));
  CHECK(missing.empty());
  const std::size_t swap = step_running(
      result.plan, "DROP CONSTRAINT accounts_email_key, ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX "
                   "accounts_email_key_swap");
  CHECK(result.plan[swap].lock == Lock::AccessExclusive);
}

TEST_CASE("swap: a foreign key on a changed unique index moves with it in one short transaction") {
  const std::string invites = "CREATE TABLE invites (id bigint PRIMARY KEY, email text CONSTRAINT invites_email_fkey "
                              "REFERENCES accounts (email));\n";
  std::vector<std::string> missing;
  const auto result = plan_round_trip(
      accounts_table + "CREATE UNIQUE INDEX accounts_email_idx ON accounts (email);\n" + invites + accounts_rows +
          "INSERT INTO invites SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 500) g;\n",
      accounts_table + "CREATE UNIQUE INDEX accounts_email_idx ON accounts (email) INCLUDE (owner);\n" + invites, {},
      row_digest, [&](const std::string &conninfo, const Step &step) {
        if (valid_indexes(conninfo, "accounts", "^public\\.accounts USING btree \\(email\\)( INCLUDE \\(owner\\))?$") ==
                0 ||
            !has_foreign_key(conninfo, "invites_email_fkey")) {
          missing.push_back(step.summary);
        }
      });
  check_converges_and_keeps_rows(result);
  INFO("steps after which the index or the foreign key was missing: " << Catch::Detail::stringify(missing));
  CHECK(missing.empty());
  const std::size_t swap =
      step_running(result.plan, "ALTER INDEX IF EXISTS public.accounts_email_idx_swap RENAME TO accounts_email_idx");
  const Step &moving = result.plan[swap];
  CHECK(moving.transactional);
  CHECK(moving.lock == Lock::AccessExclusive);
  CHECK(has_statement(moving, "DROP INDEX IF EXISTS public.accounts_email_idx"));
  CHECK(has_statement(moving, "ALTER TABLE public.invites DROP CONSTRAINT invites_email_fkey"));
  CHECK(has_statement(moving, "NOT VALID"));
  CHECK(swap < step_running(result.plan, "VALIDATE CONSTRAINT invites_email_fkey"));
}

TEST_CASE("swap: a unique constraint that becomes the primary key of the same name keeps its foreign keys") {
  // The index prints the same for both kinds, so only the constraint
  // changes; the foreign keys still depend on the index it drops.
  const std::string orders = "CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT "
                             "orders_account_id_fkey REFERENCES accounts (id));\n";
  std::vector<std::string> missing;
  const auto result = plan_round_trip(
      "CREATE TABLE accounts (id bigint NOT NULL CONSTRAINT accounts_key UNIQUE, email text NOT NULL, owner bigint, "
      "note text);\n" +
          orders + accounts_rows + "INSERT INTO orders SELECT g, g FROM generate_series(1, 5000) g;\n",
      "CREATE TABLE accounts (id bigint CONSTRAINT accounts_key PRIMARY KEY, email text NOT NULL, owner bigint, note "
      "text);\n" +
          orders,
      {}, row_digest, [&](const std::string &conninfo, const Step &step) {
        if (valid_indexes(conninfo, "accounts", "^public\\.accounts USING btree \\(id\\)$") == 0 ||
            !has_foreign_key(conninfo, "orders_account_id_fkey")) {
          missing.push_back(step.summary);
        }
      });
  check_converges_and_keeps_rows(result);
  INFO("steps after which the key or the foreign key was missing: " << Catch::Detail::stringify(missing));
  CHECK(missing.empty());
  const std::size_t swap = step_running(result.plan, "DROP CONSTRAINT accounts_key, ADD CONSTRAINT accounts_key "
                                                     "PRIMARY KEY USING INDEX accounts_key_swap");
  CHECK(has_statement(result.plan[swap], "ALTER TABLE public.orders DROP CONSTRAINT orders_account_id_fkey"));
  CHECK(has_down_statement(result.plan[swap], "UNIQUE USING INDEX accounts_key_swap"));
}
