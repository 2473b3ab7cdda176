// Plans for user-defined types (enums, domains, composite and range types)
// and collations, run up and down on a real database.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include "schemadiff/error.hpp"

#include <catch2/catch.hpp>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Phase;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::unguarded;
using schemadiff::testing::has_hazard;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;

namespace {

// The roles the grants name; roles belong to the cluster, so any test may
// have made them already.
const std::string roles = R"(
DO $$BEGIN CREATE ROLE "type user"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE "Type Admin"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
)";

const std::string hard_schema = R"(CREATE SCHEMA "Type Lab";)";

} // namespace

TEST_CASE("plan types: every kind of type is created with hard names, comments and grants") {
  const auto result = plan_round_trip(roles + hard_schema, hard_schema + R"(
CREATE TYPE "Type Lab"."Order Status" AS ENUM ('new', 'it''s "done"', 'SELECT');
COMMENT ON TYPE "Type Lab"."Order Status" IS 'where an order is';
GRANT USAGE ON TYPE "Type Lab"."Order Status" TO "type user";
CREATE DOMAIN "Type Lab"."user" AS varchar(20) COLLATE "C" DEFAULT 'nobody' NOT NULL
  CONSTRAINT "Long Enough" CHECK (length(VALUE) > 2);
COMMENT ON DOMAIN "Type Lab"."user" IS 'a user name';
COMMENT ON CONSTRAINT "Long Enough" ON DOMAIN "Type Lab"."user" IS 'three or more';
REVOKE USAGE ON DOMAIN "Type Lab"."user" FROM PUBLIC;
GRANT USAGE ON DOMAIN "Type Lab"."user" TO "Type Admin" WITH GRANT OPTION;
CREATE TYPE "Type Lab"."Point 2D" AS ("X" double precision, "order" integer, label text COLLATE "C");
COMMENT ON COLUMN "Type Lab"."Point 2D"."X" IS 'across';
CREATE TYPE "Type Lab"."Float Range" AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE "Type Lab".uses (s "Type Lab"."Order Status", u "Type Lab"."user", p "Type Lab"."Point 2D",
                              r "Type Lab"."Float Range");
)");
  check_round_trip(result);
  // The types come before the table that uses them.
  const std::size_t table = step_named(result.plan, "create table \"Type Lab\".uses");
  for (const char *type :
       {"create enum type \"Type Lab\".\"Order Status\"", "create domain \"Type Lab\".\"user\"",
        "create composite type \"Type Lab\".\"Point 2D\"", "create range type \"Type Lab\".\"Float Range\""}) {
    const std::size_t at = step_named(result.plan, type);
    CHECK(at < table);
    CHECK(result.plan[at].phase == Phase::Expand);
    CHECK(result.plan[at].lock == schemadiff::plan::Lock::None);
  }
}

TEST_CASE("plan types: dropped types go in the contract phase and break running code") {
  const auto result = plan_round_trip(R"(
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE DOMAIN "Positive" AS integer CHECK (VALUE > 0);
ALTER DOMAIN "Positive" ADD CONSTRAINT "not huge" CHECK (VALUE < 1000) NOT VALID;
COMMENT ON DOMAIN "Positive" IS 'above zero';
CREATE TYPE pair AS (a int, b int);
CREATE TYPE "Int Range" AS RANGE (subtype = int4);
CREATE TABLE t (m mood, p "Positive", q pair);
)",
                                      "CREATE TABLE t (id int);");
  check_round_trip(result);
  for (const char *type : {"drop enum type public.mood", "drop domain public.\"Positive\"",
                           "drop composite type public.pair", "drop range type public.\"Int Range\""}) {
    const Step &step = result.plan[step_named(result.plan, type)];
    CHECK(step.phase == Phase::Contract);
    CHECK(has_hazard(step, HazardKind::BreaksRunningCode));
  }
}

TEST_CASE("plan types: new enum labels are added one per step outside a transaction, before, between and after") {
  const auto result = plan_round_trip(R"(CREATE TYPE "Order Status" AS ENUM ('b', 'd');)",
                                      R"(CREATE TYPE "Order Status" AS ENUM ('a', 'b', 'c', 'it''s', 'd', 'e');)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 4);
  const std::vector<std::string> expected = {
      "ALTER TYPE public.\"Order Status\" ADD VALUE IF NOT EXISTS 'a' BEFORE 'b'",
      "ALTER TYPE public.\"Order Status\" ADD VALUE IF NOT EXISTS 'c' AFTER 'b'",
      "ALTER TYPE public.\"Order Status\" ADD VALUE IF NOT EXISTS 'it''s' AFTER 'c'",
      "ALTER TYPE public.\"Order Status\" ADD VALUE IF NOT EXISTS 'e' AFTER 'd'",
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Step &step = result.plan[i];
    CHECK(step.up == std::vector<std::string>{expected[i]});
    CHECK_FALSE(step.transactional);
    CHECK(step.phase == Phase::Expand);
    CHECK(step.hazards.empty());
    CHECK(step.lock == schemadiff::plan::Lock::None);
  }
}

TEST_CASE("plan types: labels added to an enum in use stay in the down, which says so") {
  const auto result = plan_round_trip("CREATE TYPE mood AS ENUM ('sad'); CREATE TABLE t (m mood);",
                                      "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE t (m mood);");
  INFO("failure: " << result.failure);
  CHECK(result.failure.empty());
  CHECK(result.up_reaches_new);
  CHECK(result.second_plan.empty());
  REQUIRE(result.plan.size() == 1);
  CHECK(has_hazard(result.plan[0], HazardKind::Irreversible));
  CHECK(result.plan[0].down.empty());
}

TEST_CASE("plan types: an enum label added with a new column that uses it") {
  check_round_trip(plan_round_trip("CREATE TYPE mood AS ENUM ('sad');", "CREATE TYPE mood AS ENUM ('sad', 'happy');"
                                                                        "CREATE TABLE t (m mood DEFAULT 'happy');"));
}

TEST_CASE("plan types: a domain's default, NOT NULL, checks, comments and grants are altered in place") {
  const auto result = plan_round_trip(roles + R"(
CREATE DOMAIN "Rating" AS integer DEFAULT 3 CONSTRAINT "in range" CHECK (VALUE BETWEEN 1 AND 5)
  CONSTRAINT gone CHECK (VALUE <> 4);
ALTER DOMAIN "Rating" ADD CONSTRAINT later CHECK (VALUE > 0) NOT VALID;
COMMENT ON CONSTRAINT "in range" ON DOMAIN "Rating" IS 'one to five';
CREATE DOMAIN "select" AS text NOT NULL;
CREATE DOMAIN code AS text;
CREATE DOMAIN loose AS integer CONSTRAINT "positive" CHECK (VALUE > 0);
CREATE TABLE t (r "Rating", s "select", c code);
)",
                                      R"(
CREATE DOMAIN "Rating" AS integer CONSTRAINT "in range" CHECK (VALUE BETWEEN 1 AND 10)
  CONSTRAINT later CHECK (VALUE > 0) CONSTRAINT added CHECK (VALUE <> 7) NOT NULL;
COMMENT ON DOMAIN "Rating" IS 'stars';
CREATE DOMAIN "select" AS text DEFAULT 'x';
CREATE DOMAIN code AS text CONSTRAINT "Upper Only" CHECK (VALUE = upper(VALUE));
COMMENT ON CONSTRAINT "Upper Only" ON DOMAIN code IS 'shouting';
CREATE DOMAIN loose AS integer;
REVOKE USAGE ON DOMAIN loose FROM PUBLIC;
GRANT USAGE ON DOMAIN loose TO "type user";
CREATE TABLE t (r "Rating", s "select", c code);
)");
  check_round_trip(result);
  const Step &rating = result.plan[step_named(result.plan, "alter domain public.\"Rating\"")];
  CHECK(rating.phase == Phase::Expand);
  CHECK(has_hazard(rating, HazardKind::FullScan));
  CHECK(rating.lock == schemadiff::plan::Lock::Share);
  // SHARE blocks writes: a short lock wait.
  CHECK(rating.limits == schemadiff::plan::Limits{"1s", "0"});
  CHECK(unguarded(rating.up) ==
        std::vector<std::string>{
            "ALTER DOMAIN public.\"Rating\" DROP DEFAULT",
            "ALTER DOMAIN public.\"Rating\" SET NOT NULL",
            "ALTER DOMAIN public.\"Rating\" DROP CONSTRAINT IF EXISTS gone",
            "ALTER DOMAIN public.\"Rating\" DROP CONSTRAINT IF EXISTS \"in range\"",
            "ALTER DOMAIN public.\"Rating\" ADD CONSTRAINT added CHECK ((VALUE <> 7))",
            "ALTER DOMAIN public.\"Rating\" ADD CONSTRAINT \"in range\" CHECK (((VALUE >= 1) AND (VALUE <= 10)))",
            "ALTER DOMAIN public.\"Rating\" VALIDATE CONSTRAINT later",
            "COMMENT ON DOMAIN public.\"Rating\" IS 'stars'",
        });
  // A new check reads the columns of the domain; dropping one reads nothing.
  const Step &code = result.plan[step_named(result.plan, "alter domain public.code")];
  CHECK(has_hazard(code, HazardKind::FullScan));
  CHECK(code.locked_relation == schemadiff::model::QualifiedName{"public", "t"});
  const Step &loose = result.plan[step_named(result.plan, "alter domain public.loose")];
  CHECK_FALSE(has_hazard(loose, HazardKind::FullScan));
  CHECK(loose.lock == schemadiff::plan::Lock::None);
}

TEST_CASE("plan types: a domain whose check calls a function gets the check after both exist") {
  const auto result = plan_round_trip("", R"(
CREATE FUNCTION "Is Code"(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT v ~ '^[A-Z]+$' $$;
CREATE DOMAIN code AS text CONSTRAINT "Code Format" CHECK ("Is Code"(VALUE)) CONSTRAINT short CHECK (length(VALUE) < 9);
COMMENT ON CONSTRAINT "Code Format" ON DOMAIN code IS 'upper case letters';
CREATE TABLE t (c code);
)");
  check_round_trip(result);
  // The function may take the domain as an argument: the check that calls
  // it is a step of its own, after the function.
  const std::size_t check = step_named(result.plan, "add check public.code.\"Code Format\" to domain public.code");
  CHECK(step_named(result.plan, "create domain public.code") < check);
  CHECK(step_named(result.plan, "create function public.\"Is Code\"(v text)") < check);
}

TEST_CASE("plan types: composite and range types change their comments and grants in place") {
  const auto result = plan_round_trip(roles + R"(
CREATE TYPE "Point 2D" AS ("X" float8, y float8);
COMMENT ON COLUMN "Point 2D".y IS 'up';
CREATE TYPE span AS RANGE (subtype = int4);
COMMENT ON TYPE span IS 'old';
)",
                                      R"(
CREATE TYPE "Point 2D" AS ("X" float8, y float8);
COMMENT ON TYPE "Point 2D" IS 'a point';
COMMENT ON COLUMN "Point 2D"."X" IS 'across';
GRANT USAGE ON TYPE "Point 2D" TO "Type Admin";
CREATE TYPE span AS RANGE (subtype = int4);
REVOKE USAGE ON TYPE span FROM PUBLIC;
)");
  check_round_trip(result);
  CHECK(result.plan.size() == 2);
}

TEST_CASE("plan types: an unused enum losing a label is dropped and created again") {
  const auto result = plan_round_trip("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); COMMENT ON TYPE mood IS 'm';",
                                      "CREATE TYPE mood AS ENUM ('happy', 'sad'); COMMENT ON TYPE mood IS 'm';");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  CHECK(result.plan[0].summary == "drop enum type public.mood");
  CHECK(result.plan[0].phase == Phase::Expand); // it comes back
  CHECK(result.plan[1].summary == "re-create enum type public.mood");
}

TEST_CASE("plan types: a re-created composite type takes the function that uses it along") {
  check_round_trip(
      plan_round_trip("CREATE TYPE pair AS (a int, b int);"
                      "CREATE FUNCTION first_of(p pair) RETURNS int LANGUAGE sql AS $$ SELECT p.a $$;",
                      "CREATE TYPE pair AS (a bigint, b int);"
                      "CREATE FUNCTION first_of(p pair) RETURNS bigint LANGUAGE sql AS $$ SELECT p.a $$;"));
}

TEST_CASE("plan types: a type that must be re-created while a column uses it is refused, naming both") {
  // An enum losing a label is converted (plan_enum_removal_test.cpp); a
  // domain changing its base type is not.
  const std::string old_sql = R"(CREATE DOMAIN "Order Status" AS text; CREATE TABLE orders ("Status" "Order Status");)";
  const std::string new_sql =
      R"(CREATE DOMAIN "Order Status" AS varchar(10); CREATE TABLE orders ("Status" "Order Status");)";
  REQUIRE_THROWS_MATCHES(plan_round_trip(old_sql, new_sql), schemadiff::Error,
                         Catch::Matchers::Predicate<schemadiff::Error>(
                             [](const schemadiff::Error &error) {
                               const std::string what = error.what();
                               return what.find("domain public.\"Order Status\"") != std::string::npos &&
                                      what.find("column public.orders.\"Status\"") != std::string::npos &&
                                      what.find("new type and a column conversion") != std::string::npos &&
                                      what.find("does not plan yet") != std::string::npos;
                             },
                             "names the type and the column"));
}

TEST_CASE("plan types: a type re-created whose column is dropped at the same time is no obstacle") {
  check_round_trip(plan_round_trip("CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (id int, m mood);",
                                   "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int);"));
}

TEST_CASE("plan types: collations are created, commented, re-created and dropped") {
  SECTION("created and dropped") {
    check_round_trip(plan_round_trip(R"(CREATE COLLATION "Old C" (provider = libc, locale = 'C');)",
                                     R"(CREATE COLLATION "Byte Order" (provider = libc, locale = 'C');
                                        COMMENT ON COLLATION "Byte Order" IS 'bytes';
                                        CREATE TABLE t (name text COLLATE "Byte Order");)"));
  }
  SECTION("comment changed in place") {
    const auto result = plan_round_trip(R"(CREATE COLLATION "Byte Order" (provider = libc, locale = 'C');)",
                                        R"(CREATE COLLATION "Byte Order" (provider = libc, locale = 'C');
                                           COMMENT ON COLLATION "Byte Order" IS 'it''s bytes';)");
    check_round_trip(result);
    REQUIRE(result.plan.size() == 1);
    CHECK(result.plan[0].up == std::vector<std::string>{"COMMENT ON COLLATION public.\"Byte Order\" IS 'it''s bytes'"});
  }
  SECTION("a new definition re-creates it") {
    check_round_trip(plan_round_trip(R"(CREATE COLLATION "Byte Order" (provider = libc, locale = 'C');)",
                                     R"(CREATE COLLATION "Byte Order" (provider = libc, locale = 'POSIX');)"));
  }
}

TEST_CASE("plan types: types a dropped table or column still uses are kept with it in the backup schema") {
  const auto result = plan_round_trip(R"(
CREATE TYPE "Mood" AS ENUM ('sad', 'happy');
CREATE DOMAIN "Positive" AS int CHECK (VALUE > 0);
CREATE COLLATION "Byte Order" (provider = libc, locale = 'C');
CREATE TYPE unused AS ENUM ('x');
CREATE TABLE gone (id int PRIMARY KEY, m "Mood", p "Positive", n text COLLATE "Byte Order");
INSERT INTO gone VALUES (1, 'sad', 5, 'a');
CREATE TABLE kept (id int PRIMARY KEY, m "Mood");
)",
                                      "CREATE TABLE kept (id int PRIMARY KEY);");
  check_round_trip(result);
  const Step &mood = result.plan[step_named(result.plan, "drop enum type public.\"Mood\"")];
  CHECK(unguarded(mood.up) == std::vector<std::string>{"CREATE SCHEMA IF NOT EXISTS schemadiff_backup",
                                            "ALTER TYPE public.\"Mood\" RENAME TO \"public.Mood\"",
                                            "ALTER TYPE public.\"public.Mood\" SET SCHEMA schemadiff_backup"});
  CHECK(unguarded(result.plan[step_named(result.plan, "drop domain public.\"Positive\"")].up)[1] ==
        "ALTER DOMAIN public.\"Positive\" RENAME TO \"public.Positive\"");
  CHECK(unguarded(result.plan[step_named(result.plan, "drop collation public.\"Byte Order\"")].up)[1] ==
        "ALTER COLLATION public.\"Byte Order\" RENAME TO \"public.Byte Order\"");
  // Nothing kept uses this one: really dropped.
  CHECK(result.plan[step_named(result.plan, "drop enum type public.unused")].up ==
        std::vector<std::string>{"DROP TYPE IF EXISTS public.unused"});
}
