// Plans for schemas and extensions, run up and down on a real database.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include <catch2/catch.hpp>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;

namespace {

const std::string roles = R"(
DO $$BEGIN CREATE ROLE "schema user"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
)";

} // namespace

TEST_CASE("plan schemas: a schema with a hard name, a comment and grants is created before what it holds") {
  const auto result = plan_round_trip(roles, R"(
CREATE SCHEMA "Sales ""EU""";
COMMENT ON SCHEMA "Sales ""EU""" IS 'it''s sales';
GRANT USAGE, CREATE ON SCHEMA "Sales ""EU""" TO "schema user";
CREATE SCHEMA "order";
CREATE TABLE "Sales ""EU""".invoices (id int);
)");
  check_round_trip(result);
  const std::size_t schema = step_named(result.plan, "create schema \"Sales \"\"EU\"\"\"");
  CHECK(schema < step_named(result.plan, "create table \"Sales \"\"EU\"\"\".invoices"));
  CHECK(result.plan[schema].phase == Phase::Expand);
  CHECK(result.plan[schema].lock == Lock::None);
  CHECK(result.plan[schema].up[0] == "CREATE SCHEMA IF NOT EXISTS \"Sales \"\"EU\"\"\"");
  CHECK(result.plan[step_named(result.plan, "create schema \"order\"")].down ==
        std::vector<std::string>{"DROP SCHEMA IF EXISTS \"order\""});
}

TEST_CASE("plan schemas: a dropped schema goes after what it holds, in the contract phase") {
  const auto result = plan_round_trip(R"(CREATE SCHEMA "Old Stuff"; COMMENT ON SCHEMA "Old Stuff" IS 'old';
                                         CREATE TABLE "Old Stuff".t (id int); CREATE TYPE "Old Stuff".mood AS ENUM ('a');)",
                                      "");
  check_round_trip(result);
  const std::size_t schema = step_named(result.plan, "drop schema \"Old Stuff\"");
  CHECK(step_named(result.plan, "drop table \"Old Stuff\".t") < schema);
  CHECK(step_named(result.plan, "drop enum type \"Old Stuff\".mood") < schema);
  CHECK(result.plan[schema].phase == Phase::Contract);
  CHECK(result.plan[schema].hazards.front().kind == HazardKind::BreaksRunningCode);
}

TEST_CASE("plan schemas: public is never created or dropped, only altered") {
  const auto result = plan_round_trip(roles, R"(
COMMENT ON SCHEMA public IS 'ours now';
GRANT CREATE ON SCHEMA public TO "schema user";
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  CHECK(result.plan[0].summary == "alter schema public");
  CHECK(result.plan[0].up == std::vector<std::string>{"COMMENT ON SCHEMA public IS 'ours now'",
                                                      "GRANT CREATE ON SCHEMA public TO \"schema user\""});
}

TEST_CASE("plan schemas: another schema's comment and grants change in place") {
  check_round_trip(plan_round_trip(roles + R"(CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO "schema user";)",
                                   R"(CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'the app';
                                      GRANT USAGE ON SCHEMA app TO "schema user" WITH GRANT OPTION;)"));
}

TEST_CASE("plan extensions: created in a new schema before what uses it, with a comment") {
  const auto result = plan_round_trip("", R"(
CREATE SCHEMA "Ext Types";
CREATE EXTENSION citext WITH SCHEMA "Ext Types";
COMMENT ON EXTENSION citext IS 'case-insensitive text';
CREATE TABLE users (email "Ext Types".citext);
)");
  check_round_trip(result);
  const std::size_t extension = step_named(result.plan, "create extension citext");
  CHECK(step_named(result.plan, "create schema \"Ext Types\"") < extension);
  CHECK(extension < step_named(result.plan, "create table public.users"));
  CHECK(result.plan[extension].down == std::vector<std::string>{"DROP EXTENSION IF EXISTS citext"});
}

TEST_CASE("plan extensions: dropped after what uses it") {
  const auto result = plan_round_trip("CREATE EXTENSION citext; CREATE TABLE users (email citext, id int);",
                                      "CREATE TABLE users (id int);");
  check_round_trip(result);
  const std::size_t extension = step_named(result.plan, "drop extension citext");
  CHECK(step_named(result.plan, "drop column public.users.email") < extension);
  CHECK(result.plan[extension].phase == Phase::Contract);
}

TEST_CASE("plan extensions: moved to another schema, with a new comment") {
  const auto result = plan_round_trip("CREATE EXTENSION citext; COMMENT ON EXTENSION citext IS 'it''s old';",
                                      R"(CREATE SCHEMA "Ext Types"; CREATE EXTENSION citext WITH SCHEMA "Ext Types";)");
  check_round_trip(result);
  const std::size_t extension = step_named(result.plan, "alter extension citext");
  CHECK(step_named(result.plan, "create schema \"Ext Types\"") < extension);
  CHECK(result.plan[extension].up == std::vector<std::string>{"ALTER EXTENSION citext SET SCHEMA \"Ext Types\"",
                                                              "COMMENT ON EXTENSION citext IS 'data type for "
                                                              "case-insensitive character strings'"});
}

TEST_CASE("plan extensions: updated to a newer version, which the down may not undo") {
  const auto result =
      plan_round_trip("CREATE EXTENSION citext VERSION '1.4';", "CREATE EXTENSION citext VERSION '1.6';");
  CHECK(result.up_reaches_new);
  CHECK(result.second_plan.empty());
  REQUIRE(result.plan.size() == 1);
  CHECK(result.plan[0].up == std::vector<std::string>{"ALTER EXTENSION citext UPDATE TO '1.6'"});
  CHECK(result.plan[0].down == std::vector<std::string>{"ALTER EXTENSION citext UPDATE TO '1.4'"});
  CHECK(result.plan[0].hazards.front().kind == HazardKind::Irreversible);
}

TEST_CASE("plan extensions: one that a dropped table kept in the backup schema uses is refused before anything runs") {
  REQUIRE_THROWS_WITH(
      plan_round_trip("CREATE EXTENSION citext; CREATE TABLE t (id int PRIMARY KEY, email citext);", ""),
      Catch::Contains("extension citext cannot be dropped") && Catch::Contains("schemadiff_backup"));
}
