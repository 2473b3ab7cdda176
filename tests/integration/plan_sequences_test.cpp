// Plans for sequences: created, dropped and altered, and their OWNED BY as
// steps of their own, run up and down on a real database.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::unguarded;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;

namespace {

const std::string roles = R"(
DO $$BEGIN CREATE ROLE "sequence user"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
)";

} // namespace

TEST_CASE("plan sequences: a sequence with hard names, every option, a comment and grants is created and dropped") {
  const std::string sequence = R"(
CREATE SCHEMA "Order Data";
CREATE SEQUENCE "Order Data"."select" AS integer INCREMENT BY -2 MINVALUE -1000 MAXVALUE -1 START WITH -5 CACHE 10 CYCLE;
COMMENT ON SEQUENCE "Order Data"."select" IS 'counts down, it''s fine';
GRANT USAGE, SELECT ON SEQUENCE "Order Data"."select" TO "sequence user";
)";
  SECTION("created") {
    const auto result = plan_round_trip(roles, sequence);
    check_round_trip(result);
    const Step &step = result.plan[step_named(result.plan, "create sequence \"Order Data\".\"select\"")];
    CHECK(step.phase == Phase::Expand);
    CHECK(step.lock == Lock::None);
  }
  SECTION("dropped") {
    const auto result = plan_round_trip(roles + sequence, R"(CREATE SCHEMA "Order Data";)");
    check_round_trip(result);
    REQUIRE(result.plan.size() == 1);
    CHECK(result.plan[0].phase == Phase::Contract);
    CHECK(result.plan[0].hazards.front().kind == HazardKind::BreaksRunningCode);
    // Kept, with its value, in the backup schema for the down.
    CHECK(unguarded(result.plan[0].up) ==
          std::vector<std::string>{"CREATE SCHEMA IF NOT EXISTS schemadiff_backup",
                                   "ALTER SEQUENCE \"Order Data\".\"select\" RENAME TO \"Order Data.select\"",
                                   "ALTER SEQUENCE \"Order Data\".\"Order Data.select\" SET SCHEMA schemadiff_backup"});
  }
}

TEST_CASE("plan sequences: each changed option is altered, and only those") {
  const auto result =
      plan_round_trip("CREATE SEQUENCE s; CREATE SEQUENCE t AS integer; CREATE SEQUENCE u CYCLE CACHE 5;",
                      "CREATE SEQUENCE s INCREMENT BY 5 CYCLE;"
                      "CREATE SEQUENCE t AS bigint MAXVALUE 2147483647 START 100 MINVALUE 0;"
                      "CREATE SEQUENCE u;");
  check_round_trip(result);
  const Step &s = result.plan[step_named(result.plan, "alter sequence public.s")];
  CHECK(s.up == std::vector<std::string>{"ALTER SEQUENCE public.s INCREMENT BY 5 CYCLE"});
  CHECK(s.lock == Lock::ShareRowExclusive);
  CHECK(s.locked_relation == schemadiff::model::QualifiedName{"public", "s"});
  // A new type would reset a bound that was the old type's default: both are stated.
  CHECK(result.plan[step_named(result.plan, "alter sequence public.t")].up ==
        std::vector<std::string>{"ALTER SEQUENCE public.t AS bigint MINVALUE 0 MAXVALUE 2147483647 START WITH 100"});
  CHECK(result.plan[step_named(result.plan, "alter sequence public.u")].up ==
        std::vector<std::string>{"ALTER SEQUENCE public.u CACHE 1 NO CYCLE"});
}

TEST_CASE("plan sequences: a comment and grants change without a lock") {
  const auto result = plan_round_trip(
      roles + "CREATE SEQUENCE \"Order Id\"; GRANT USAGE ON SEQUENCE \"Order Id\" TO \"sequence user\";",
      "CREATE SEQUENCE \"Order Id\"; COMMENT ON SEQUENCE \"Order Id\" IS 'ids';");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  CHECK(result.plan[0].lock == Lock::None);
  CHECK(result.plan[0].up ==
        std::vector<std::string>{"COMMENT ON SEQUENCE public.\"Order Id\" IS 'ids'",
                                 "REVOKE USAGE ON SEQUENCE public.\"Order Id\" FROM \"sequence user\""});
}

TEST_CASE("plan sequences: a serial column's sequence is created first and owned after its table") {
  const auto result = plan_round_trip("", R"(
CREATE TABLE "Orders" ("Order Id" bigserial PRIMARY KEY, note text);
COMMENT ON SEQUENCE "Orders_Order Id_seq" IS 'order numbers';
)");
  check_round_trip(result);
  const std::size_t sequence = step_named(result.plan, "create sequence public.\"Orders_Order Id_seq\"");
  const std::size_t table = step_named(result.plan, "create table public.\"Orders\"");
  const std::size_t owned =
      step_named(result.plan, "sequence public.\"Orders_Order Id_seq\" owned by public.\"Orders\".\"Order Id\"");
  CHECK(sequence < table);
  CHECK(table < owned);
  const Step &owning = result.plan[owned];
  CHECK(owning.up == std::vector<std::string>{
                         "ALTER SEQUENCE IF EXISTS public.\"Orders_Order Id_seq\" OWNED BY public.\"Orders\".\"Order Id\""});
  CHECK(owning.down == std::vector<std::string>{"ALTER SEQUENCE IF EXISTS public.\"Orders_Order Id_seq\" OWNED BY NONE"});
  CHECK(owning.phase == Phase::Expand);
  CHECK(std::find(owning.needs.begin(), owning.needs.end(),
                  schemadiff::model::ObjectRef{schemadiff::model::ObjectKind::Column, "public", "Orders",
                                               "Order Id"}) != owning.needs.end());
}

TEST_CASE("plan sequences: a serial column added to an existing table") {
  check_round_trip(plan_round_trip("CREATE TABLE t (name text);", "CREATE TABLE t (name text, id serial);"));
}

TEST_CASE("plan sequences: a serial column's sequence goes with its table into the backup schema") {
  const auto result =
      plan_round_trip("CREATE TABLE \"Orders\" (id serial PRIMARY KEY, note text); CREATE TABLE kept (id int);",
                      "CREATE TABLE kept (id int);");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  CHECK(result.plan[0].summary == "drop table public.\"Orders\"");
}

TEST_CASE("plan sequences: a dropped sequence that a dropped table's default calls goes after it, both kept") {
  check_round_trip(plan_round_trip("CREATE SEQUENCE s; CREATE TABLE t (id int DEFAULT nextval('s'));", ""));
}

TEST_CASE("plan sequences: a serial column dropped from a table that stays releases its sequence first") {
  const auto result = plan_round_trip("CREATE TABLE t (key int PRIMARY KEY, id serial, name text);"
                                      "INSERT INTO t (key, name) VALUES (1, 'a');",
                                      "CREATE TABLE t (key int PRIMARY KEY, name text);");
  check_round_trip(result);
  const std::size_t release = step_named(result.plan, "release sequence public.t_id_seq from public.t.id");
  const std::size_t column = step_named(result.plan, "drop column public.t.id");
  const std::size_t drop = step_named(result.plan, "drop sequence public.t_id_seq");
  CHECK(release < column);
  CHECK(release < drop);
  CHECK(result.plan[drop].phase == Phase::Contract);
}

TEST_CASE("plan sequences: a serial column that keeps its values but loses its sequence") {
  check_round_trip(
      plan_round_trip("CREATE TABLE t (id serial, name text);", "CREATE TABLE t (id integer NOT NULL, name text);"));
}

TEST_CASE("plan sequences: a sequence owned by a dropped column that does not use it") {
  check_round_trip(plan_round_trip("CREATE TABLE t (id int, old int); CREATE SEQUENCE s OWNED BY t.old;",
                                   "CREATE TABLE t (id int);"));
}

TEST_CASE("plan sequences: OWNED BY moves to another column, to none, and from none") {
  SECTION("to a new column of another table, off a column that is dropped") {
    const auto result =
        plan_round_trip("CREATE TABLE a (\"Old Id\" int); CREATE SEQUENCE s OWNED BY a.\"Old Id\";",
                        "CREATE SEQUENCE s; CREATE TABLE a (other int);"
                        "CREATE TABLE b (id int DEFAULT nextval('s')); ALTER SEQUENCE s OWNED BY b.id;");
    check_round_trip(result);
    const std::size_t owned = step_named(result.plan, "sequence public.s owned by public.b.id");
    CHECK(step_named(result.plan, "create table public.b") < owned);
    CHECK(owned < step_named(result.plan, "drop column public.a.\"Old Id\""));
  }
  SECTION("to none and from none") {
    check_round_trip(plan_round_trip(
        "CREATE TABLE t (a int, b int); CREATE SEQUENCE s1 OWNED BY t.a; CREATE SEQUENCE s2;",
        "CREATE TABLE t (a int, b int); CREATE SEQUENCE s1; CREATE SEQUENCE s2; ALTER SEQUENCE s2 OWNED BY t.b;"));
  }
}
