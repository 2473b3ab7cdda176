#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"
#include "support/test_database.hpp"

#include "schemadiff/error.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::PlanOptions;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::unguarded;
using schemadiff::testing::has_hazard;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;
using schemadiff::testing::summaries;
using schemadiff::testing::TestDatabase;

namespace {

PlanOptions renaming(std::map<std::string, std::string> renames) {
  PlanOptions options;
  options.renames = std::move(renames);
  return options;
}

void check_no_drop(const schemadiff::plan::Plan &plan) {
  for (const auto &step : plan) {
    INFO(step.summary);
    for (const std::string &statement : step.up) CHECK_THAT(statement, !Catch::Contains("DROP"));
  }
}

// Every row of a table as text, whichever of two names it has now.
std::string rows_of_either(const std::string &one, const std::string &other) {
  return "SELECT md5(query_to_xml(format('SELECT t::text AS r FROM %s t ORDER BY 1', coalesce(to_regclass('" + one +
         "'), to_regclass('" + other + "'))), false, false, '')::text)";
}

} // namespace

TEST_CASE("plan renames: a column of a 10,000-row table is renamed in place, first, and renamed back by the down") {
  const std::string old_sql = R"(
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL CHECK (name <> ''));
CREATE INDEX users_name_idx ON users (name) WHERE name IS NOT NULL;
INSERT INTO users SELECT i, 'user ' || i FROM generate_series(1, 10000) i;
ANALYZE users;
)";
  const std::string new_sql = R"(
CREATE TABLE users (id bigint PRIMARY KEY, full_name text NOT NULL CONSTRAINT users_name_check CHECK (full_name <> ''));
CREATE INDEX users_name_idx ON users (full_name) WHERE full_name IS NOT NULL;
)";
  const auto result = plan_round_trip(old_sql, new_sql, renaming({{"public.users.name", "full_name"}}),
                                      "SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM users u");
  check_round_trip(result);
  INFO(Catch::Detail::stringify(summaries(result.plan)));
  REQUIRE(result.plan.size() == 1);
  const auto &step = result.plan.front();
  CHECK(step.summary == "rename column public.users.name to full_name");
  CHECK(unguarded(step.up) == std::vector<std::string>{"ALTER TABLE public.users RENAME COLUMN name TO full_name"});
  CHECK(unguarded(step.down) == std::vector<std::string>{"ALTER TABLE public.users RENAME COLUMN full_name TO name"});
  CHECK(step.limits == schemadiff::plan::Limits{"1s", "0"});
  CHECK(step.relation_in_use);
  CHECK(step.phase == Phase::Expand);
  CHECK(step.lock == Lock::AccessExclusive);
  CHECK(step.estimated_rows == 10000);
  REQUIRE(has_hazard(step, HazardKind::BreaksRunningCode));
  CHECK_THAT(step.hazards.front().reason, Catch::Contains("old name public.users.name"));
  check_no_drop(result.plan);

  const TestDatabase scratch;
  const std::string expected = scratch.query_value(
      "SELECT md5(string_agg(format('(%s,\"user %s\")', i, i), ',' ORDER BY i)) FROM generate_series(1, 10000) i");
  CHECK(result.probe_after_up == expected);
  CHECK(result.probe_after_down == expected);
}

TEST_CASE("plan renames: a renamed column whose type changes too is renamed, then altered") {
  const std::string old_sql = R"(
CREATE TABLE payments (id bigint PRIMARY KEY, amount integer NOT NULL);
INSERT INTO payments SELECT i, i * 3 FROM generate_series(1, 10000) i;
)";
  const std::string new_sql = "CREATE TABLE payments (id bigint PRIMARY KEY, amount_cents bigint NOT NULL);";
  // The sum under either name: "old/new".
  const std::string probe = "SELECT coalesce(sum((to_jsonb(p) ->> 'amount')::bigint)::text, '') || '/' || "
                            "coalesce(sum((to_jsonb(p) ->> 'amount_cents')::bigint)::text, '') FROM payments p";
  const auto result = plan_round_trip(old_sql, new_sql, renaming({{"public.payments.amount", "amount_cents"}}), probe);
  check_round_trip(result);
  INFO(Catch::Detail::stringify(summaries(result.plan)));
  REQUIRE(result.plan.size() == 2);
  CHECK(result.plan[0].summary == "rename column public.payments.amount to amount_cents");
  CHECK(result.plan[1].summary == "alter column public.payments.amount_cents");
  const auto &retype = result.plan[1].up;
  CHECK(std::find(retype.begin(), retype.end(),
                  "ALTER TABLE public.payments ALTER COLUMN amount_cents TYPE bigint USING amount_cents::bigint") !=
        retype.end());
  CHECK(has_hazard(result.plan[1], HazardKind::TableRewrite));
  check_no_drop(result.plan);
  const std::string sum = std::to_string(3LL * 10000 * 10001 / 2);
  CHECK(result.probe_after_up == "/" + sum);
  CHECK(result.probe_after_down == sum + "/");
}

TEST_CASE("plan renames: a renamed table keeps its rows, indexes, sequence, foreign keys and views, and the names "
          "that follow it are renamed too") {
  const std::string old_sql = R"(
CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, created date NOT NULL DEFAULT '2024-01-01');
CREATE INDEX accounts_email_lower_idx ON accounts (lower(email));
CREATE INDEX accounts_by_created ON accounts (created);
CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts, total numeric(12,2) NOT NULL);
CREATE INDEX orders_account_id_idx ON orders (account_id);
CREATE VIEW account_emails AS SELECT a.id, a.email FROM accounts a WHERE a.email LIKE '%@%';
CREATE VIEW account_totals AS SELECT accounts.id, sum(orders.total) AS total FROM accounts JOIN orders ON orders.account_id = accounts.id GROUP BY accounts.id;
INSERT INTO accounts (email) SELECT 'user' || i || '@example.com' FROM generate_series(1, 10000) i;
INSERT INTO orders SELECT i, i, i / 100.0 FROM generate_series(1, 10000) i;
ANALYZE accounts;
)";
  const std::string new_sql = R"(
CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, created date NOT NULL DEFAULT '2024-01-01');
CREATE INDEX customers_email_lower_idx ON customers (lower(email));
CREATE INDEX accounts_by_created ON customers (created);
CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES customers, total numeric(12,2) NOT NULL);
CREATE INDEX orders_account_id_idx ON orders (account_id);
CREATE VIEW account_emails AS SELECT a.id, a.email FROM customers a WHERE a.email LIKE '%@%';
CREATE VIEW account_totals AS SELECT customers.id, sum(orders.total) AS total FROM customers JOIN orders ON orders.account_id = customers.id GROUP BY customers.id;
)";
  const auto result = plan_round_trip(old_sql, new_sql, renaming({{"public.accounts", "customers"}}),
                                      rows_of_either("public.customers", "public.accounts"));
  check_round_trip(result);
  INFO(Catch::Detail::stringify(summaries(result.plan)));
  REQUIRE(!result.plan.empty());
  const auto &rename = result.plan.front();
  CHECK(rename.summary == "rename table public.accounts to customers");
  CHECK(unguarded(rename.up) == std::vector<std::string>{"ALTER TABLE public.accounts RENAME TO customers"});
  CHECK(unguarded(rename.down) == std::vector<std::string>{"ALTER TABLE public.customers RENAME TO accounts"});
  CHECK(rename.lock == Lock::AccessExclusive);
  CHECK(has_hazard(rename, HazardKind::BreaksRunningCode));
  // The names PostgreSQL gave after the table follow it; nothing else changes.
  CHECK(summaries(result.plan) == std::vector<std::string>{
                                      "rename table public.accounts to customers",
                                      "rename constraint public.customers.accounts_email_key to customers_email_key",
                                      "rename constraint public.customers.accounts_pkey to customers_pkey",
                                      "rename index public.accounts_email_lower_idx to customers_email_lower_idx",
                                      "rename sequence public.accounts_id_seq to customers_id_seq",
                                  });
  const auto &index =
      result.plan[step_named(result.plan, "rename index public.accounts_email_lower_idx to customers_email_lower_idx")];
  CHECK(index.lock == Lock::ShareUpdateExclusive);
  check_no_drop(result.plan);
  CHECK(!result.probe_after_up.empty());
  CHECK(result.probe_after_up == result.probe_after_down);
}

TEST_CASE("plan renames: a table and one of its columns renamed together, the column keyed by the table's old name") {
  const std::string old_sql = R"(
CREATE TABLE people (id int PRIMARY KEY, name text, nick text GENERATED ALWAYS AS (lower(name)) STORED);
CREATE TABLE pets (id int PRIMARY KEY, owner_name text);
CREATE UNIQUE INDEX people_name_key ON people (name);
ALTER TABLE pets ADD CONSTRAINT pets_owner_fkey FOREIGN KEY (owner_name) REFERENCES people (name);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER people_touch BEFORE UPDATE OF name ON people FOR EACH ROW WHEN (NEW.name IS DISTINCT FROM OLD.name) EXECUTE FUNCTION touch();
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_named ON people USING (name IS NOT NULL);
INSERT INTO people SELECT i, 'Person ' || i FROM generate_series(1, 10000) i;
INSERT INTO pets SELECT i, 'Person ' || i FROM generate_series(1, 10000) i;
)";
  const std::string new_sql = R"(
CREATE TABLE persons (id int PRIMARY KEY, full_name text, nick text GENERATED ALWAYS AS (lower(full_name)) STORED);
CREATE TABLE pets (id int PRIMARY KEY, owner_name text);
CREATE UNIQUE INDEX people_name_key ON persons (full_name);
ALTER TABLE pets ADD CONSTRAINT pets_owner_fkey FOREIGN KEY (owner_name) REFERENCES persons (full_name);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER people_touch BEFORE UPDATE OF full_name ON persons FOR EACH ROW WHEN (NEW.full_name IS DISTINCT FROM OLD.full_name) EXECUTE FUNCTION touch();
ALTER TABLE persons ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_named ON persons USING (full_name IS NOT NULL);
)";
  const auto result =
      plan_round_trip(old_sql, new_sql, renaming({{"public.people", "persons"}, {"public.people.name", "full_name"}}),
                      rows_of_either("public.persons", "public.people"));
  check_round_trip(result);
  CHECK(summaries(result.plan) ==
        std::vector<std::string>{"rename table public.people to persons",
                                 "rename column public.persons.name to full_name",
                                 "rename constraint public.persons.people_pkey to persons_pkey"});
  check_no_drop(result.plan);
  CHECK(result.probe_after_up == result.probe_after_down);
}

TEST_CASE("plan renames: a view reading a renamed column is dropped before the rename and created after it") {
  const std::string old_sql = R"(
CREATE TABLE users (id int PRIMARY KEY, name text);
CREATE VIEW user_names AS SELECT id, name FROM users;
CREATE VIEW user_count AS SELECT count(*) AS n FROM user_names;
INSERT INTO users SELECT i, 'user ' || i FROM generate_series(1, 10000) i;
)";
  const std::string new_sql = R"(
CREATE TABLE users (id int PRIMARY KEY, full_name text);
CREATE VIEW user_names AS SELECT id, full_name FROM users;
CREATE VIEW user_count AS SELECT count(*) AS n FROM user_names;
)";
  const auto result = plan_round_trip(old_sql, new_sql, renaming({{"public.users.name", "full_name"}}),
                                      "SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM users u");
  check_round_trip(result);
  const std::size_t drop = step_named(result.plan, "drop view public.user_names before the renames");
  const std::size_t rename = step_named(result.plan, "rename column public.users.name to full_name");
  const std::size_t create = step_named(result.plan, "create view public.user_names");
  CHECK(drop < rename);
  CHECK(rename < create);
  CHECK(step_named(result.plan, "drop view public.user_count before the renames") < drop);
  CHECK(result.plan[drop].phase == Phase::Expand);
  CHECK(result.probe_after_up == result.probe_after_down);
}

TEST_CASE("plan renames: views, sequences and indexes are renamed with ALTER VIEW, SEQUENCE and INDEX") {
  const std::string old_sql = R"(
CREATE SEQUENCE ticket_numbers;
CREATE TABLE tickets (id bigint PRIMARY KEY DEFAULT nextval('ticket_numbers'), title text);
CREATE INDEX tickets_title ON tickets (title);
CREATE VIEW open_tickets AS SELECT id, title FROM tickets;
CREATE MATERIALIZED VIEW ticket_titles AS SELECT title FROM tickets;
INSERT INTO tickets (title) SELECT 'ticket ' || i FROM generate_series(1, 10000) i;
)";
  const std::string new_sql = R"(
CREATE SEQUENCE ticket_ids;
CREATE TABLE tickets (id bigint PRIMARY KEY DEFAULT nextval('ticket_ids'), title text);
CREATE INDEX tickets_title_idx ON tickets (title);
CREATE VIEW tickets_open AS SELECT id, title FROM tickets;
CREATE MATERIALIZED VIEW titles AS SELECT title FROM tickets;
)";
  const auto result = plan_round_trip(old_sql, new_sql,
                                      renaming({{"public.ticket_numbers", "ticket_ids"},
                                                {"public.tickets_title", "tickets_title_idx"},
                                                {"public.open_tickets", "tickets_open"},
                                                {"public.ticket_titles", "titles"}}),
                                      "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM tickets t");
  check_round_trip(result);
  INFO(Catch::Detail::stringify(summaries(result.plan)));
  REQUIRE(result.plan.size() == 4);
  CHECK(unguarded(result.plan[step_named(result.plan, "rename view public.open_tickets to tickets_open")].up) ==
        std::vector<std::string>{"ALTER VIEW public.open_tickets RENAME TO tickets_open"});
  CHECK(unguarded(result.plan[step_named(result.plan, "rename sequence public.ticket_numbers to ticket_ids")].up) ==
        std::vector<std::string>{"ALTER SEQUENCE public.ticket_numbers RENAME TO ticket_ids"});
  CHECK(unguarded(result.plan[step_named(result.plan, "rename index public.tickets_title to tickets_title_idx")].up) ==
        std::vector<std::string>{"ALTER INDEX public.tickets_title RENAME TO tickets_title_idx"});
  CHECK(unguarded(result.plan[step_named(result.plan, "rename materialized view public.ticket_titles to titles")].up) ==
        std::vector<std::string>{"ALTER MATERIALIZED VIEW public.ticket_titles RENAME TO titles"});
  check_no_drop(result.plan);
  CHECK(result.probe_after_up == result.probe_after_down);
}

TEST_CASE("plan renames: a column of a partitioned table is renamed once, in every partition") {
  const std::string old_sql = R"(
CREATE TABLE events (id bigint, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_kind_idx ON events (kind);
INSERT INTO events SELECT i, date '2024-01-01' + (i % 365), 'kind ' || (i % 7) FROM generate_series(1, 10000) i;
)";
  const std::string new_sql = R"(
CREATE TABLE events (id bigint, at date NOT NULL, category text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_kind_idx ON events (category);
)";
  const auto result = plan_round_trip(old_sql, new_sql, renaming({{"public.events.kind", "category"}}),
                                      "SELECT md5(string_agg(e::text, ',' ORDER BY id)) FROM events e");
  check_round_trip(result);
  INFO(Catch::Detail::stringify(summaries(result.plan)));
  CHECK(summaries(result.plan) ==
        std::vector<std::string>{"rename column public.events.kind to category",
                                 "rename index public.events_2024_kind_idx to events_2024_category_idx"});
  check_no_drop(result.plan);
  CHECK(result.probe_after_up == result.probe_after_down);
}

TEST_CASE("plan renames: an entry already applied is satisfied, and the plan is empty") {
  const auto result =
      plan_round_trip("CREATE TABLE customers (id int PRIMARY KEY, full_name text);",
                      "CREATE TABLE customers (id int PRIMARY KEY, full_name text);",
                      renaming({{"public.accounts", "customers"}, {"public.accounts.name", "full_name"}}));
  CHECK(result.plan.empty());
  check_round_trip(result);
}

TEST_CASE("plan renames: entries that name nothing, or whose names clash, are errors naming the key") {
  const std::string old_sql = "CREATE TABLE users (id int PRIMARY KEY, name text, email text);";
  const auto refused = [&](const std::string &new_sql, std::map<std::string, std::string> renames) {
    try {
      plan_round_trip(old_sql, new_sql, renaming(std::move(renames)));
    } catch (const schemadiff::Error &error) {
      return error;
    }
    FAIL("no error");
    return schemadiff::Error("");
  };
  SECTION("the old name is gone from the database and the new one is not in the schema files") {
    const auto error = refused("CREATE TABLE users (id int PRIMARY KEY, name text, email text);",
                               {{"public.users.nmae", "full_name"}});
    CHECK(error.where() == "[renames] \"public.users.nmae\"");
    CHECK_THAT(error.what(),
               Catch::Contains("no column public.users.nmae") && Catch::Contains("no column public.users.full_name"));
    CHECK(!error.hint().empty());
  }
  SECTION("the new name is not in the schema files") {
    const auto error = refused("CREATE TABLE users (id int PRIMARY KEY, name text, email text);",
                               {{"public.users.name", "full_name"}});
    CHECK(error.where() == "[renames] \"public.users.name\"");
    CHECK_THAT(error.what(), Catch::Contains("the schema files have no column public.users.full_name"));
  }
  SECTION("the old name is in the schema files too") {
    const auto error = refused("CREATE TABLE users (id int PRIMARY KEY, name text, full_name text, email text);",
                               {{"public.users.name", "full_name"}});
    CHECK_THAT(error.what(), Catch::Contains("still have column public.users.name"));
  }
  SECTION("the new name is taken in the database") {
    const auto error =
        refused("CREATE TABLE users (id int PRIMARY KEY, email text);", {{"public.users.name", "email"}});
    CHECK_THAT(error.what(), Catch::Contains("the schema files still have column public.users.name") ||
                                 Catch::Contains("already has column public.users.email"));
  }
  SECTION("a table to a name the schema files do not have") {
    const auto error =
        refused("CREATE TABLE people (id int PRIMARY KEY, name text, email text);", {{"public.users", "persons"}});
    CHECK(error.where() == "[renames] \"public.users\"");
    CHECK_THAT(error.what(), Catch::Contains("no table public.persons"));
  }
  SECTION("a key that is neither a relation nor a column") {
    const auto error =
        refused("CREATE TABLE users (id int PRIMARY KEY, name text, email text);", {{"users", "people"}});
    CHECK(error.where() == "[renames] \"users\"");
  }
}

TEST_CASE("plan renames: a materialized view with an index, reading a renamed column, is re-created around the rename, "
          "and a check named after the column follows it") {
  const std::string old_sql = R"(
CREATE TABLE readings (id bigint PRIMARY KEY, temp numeric NOT NULL CHECK (temp > -273.15));
CREATE MATERIALIZED VIEW warm AS SELECT id, temp FROM readings WHERE temp > 20;
CREATE UNIQUE INDEX warm_id ON warm (id);
INSERT INTO readings SELECT i, (i % 50) - 10 FROM generate_series(1, 10000) i;
REFRESH MATERIALIZED VIEW warm;
)";
  const std::string new_sql = R"(
CREATE TABLE readings (id bigint PRIMARY KEY, celsius numeric NOT NULL CHECK (celsius > -273.15));
CREATE MATERIALIZED VIEW warm AS SELECT id, celsius FROM readings WHERE celsius > 20;
CREATE UNIQUE INDEX warm_id ON warm (id);
)";
  const auto result = plan_round_trip(old_sql, new_sql, renaming({{"public.readings.temp", "celsius"}}),
                                      "SELECT md5(string_agg(r::text, ',' ORDER BY id)) FROM readings r");
  check_round_trip(result);
  INFO(Catch::Detail::stringify(summaries(result.plan)));
  const std::size_t drop = step_named(result.plan, "drop materialized view public.warm before the renames");
  const std::size_t rename = step_named(result.plan, "rename column public.readings.temp to celsius");
  const std::size_t check =
      step_named(result.plan, "rename constraint public.readings.readings_temp_check to readings_celsius_check");
  const std::size_t create = step_named(result.plan, "create materialized view public.warm");
  CHECK(drop < rename);
  CHECK(rename < check);
  CHECK(check < create);
  step_named(result.plan, "create index public.warm_id");
  CHECK(result.probe_after_up == result.probe_after_down);
}
