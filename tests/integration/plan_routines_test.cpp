#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using schemadiff::model::ObjectKind;
using schemadiff::model::ObjectRef;
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

bool has_statement(const std::vector<std::string> &statements, const std::string &statement) {
  return std::find(statements.begin(), statements.end(), statement) != statements.end();
}

bool starts_any(const std::vector<std::string> &statements, const std::string &prefix) {
  return std::any_of(statements.begin(), statements.end(), [&](const std::string &s) { return s.starts_with(prefix); });
}

const char *const auditor_role =
    "DO $$BEGIN CREATE ROLE plan_routine_auditor; EXCEPTION WHEN duplicate_object THEN NULL; END$$;";

} // namespace

TEST_CASE("plan routines: a new function and procedure with comments, revoked and granted EXECUTE") {
  const auto result = plan_round_trip(auditor_role, R"(
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
COMMENT ON FUNCTION add_one(integer) IS 'adds one';
REVOKE EXECUTE ON FUNCTION add_one(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION add_one(integer) TO plan_routine_auditor;
CREATE PROCEDURE note(message text) LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE '%', message; END $$;
COMMENT ON PROCEDURE note(text) IS 'says it';
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  const Step &function = result.plan[step_named(result.plan, "create function public.add_one(x integer)")];
  CHECK(function.phase == Phase::Expand);
  CHECK(function.lock == Lock::None);
  CHECK(function.creates == std::vector<ObjectRef>{{ObjectKind::Routine, "public", "add_one", "x integer"}});
  CHECK(starts_any(function.up, "CREATE OR REPLACE FUNCTION public.add_one(x integer)"));
  CHECK(has_statement(function.up, "COMMENT ON FUNCTION public.add_one(x integer) IS 'adds one'"));
  CHECK(has_statement(function.up, "REVOKE EXECUTE ON FUNCTION public.add_one(x integer) FROM PUBLIC"));
  CHECK(has_statement(function.up, "GRANT EXECUTE ON FUNCTION public.add_one(x integer) TO plan_routine_auditor"));
  CHECK(function.down == std::vector<std::string>{"DROP FUNCTION IF EXISTS public.add_one(x integer)"});
  const Step &procedure = result.plan[step_named(result.plan, "create procedure public.note(IN message text)")];
  CHECK(has_statement(procedure.up, "COMMENT ON PROCEDURE public.note(IN message text) IS 'says it'"));
  CHECK(procedure.down == std::vector<std::string>{"DROP PROCEDURE IF EXISTS public.note(IN message text)"});
}

TEST_CASE("plan routines: a changed body is replaced in place, and the down puts the old body back") {
  const auto result = plan_round_trip("CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$;"
                                      "CREATE TABLE t (x int); CREATE VIEW v AS SELECT f(x) AS y FROM t;",
                                      "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 2 $$;"
                                      "CREATE TABLE t (x int); CREATE VIEW v AS SELECT f(x) AS y FROM t;");
  check_round_trip(result);
  // The view reading the function stays: CREATE OR REPLACE keeps the function.
  REQUIRE(result.plan.size() == 1);
  const Step &step = result.plan[0];
  CHECK(step.summary == "replace function public.f(x integer)");
  CHECK(step.phase == Phase::Expand);
  CHECK(!starts_any(step.up, "DROP"));
  CHECK(std::any_of(step.up.begin(), step.up.end(),
                    [](const std::string &s) { return s.find("x + 2") != std::string::npos; }));
  CHECK(std::any_of(step.down.begin(), step.down.end(),
                    [](const std::string &s) { return s.find("x + 1") != std::string::npos; }));
  CHECK(step.creates == std::vector<ObjectRef>{{ObjectKind::Routine, "public", "f", "x integer"}});
}

TEST_CASE("plan routines: attributes (LEAKPROOF, PARALLEL, SET, SECURITY DEFINER) change in place") {
  const auto result = plan_round_trip(
      "CREATE FUNCTION f(x text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN upper(x); END $$;"
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$ SELECT 1 $$;",
      "CREATE FUNCTION f(x text) RETURNS text LANGUAGE plpgsql PARALLEL SAFE LEAKPROOF STABLE AS $$ BEGIN RETURN "
      "upper(x); END $$;"
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  for (const Step &step : result.plan) CHECK(!starts_any(step.up, "DROP"));
}

TEST_CASE("plan routines: only a comment and grants change: no new definition") {
  const auto result =
      plan_round_trip(std::string(auditor_role) + "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"
                                                  "COMMENT ON FUNCTION f() IS 'old';",
                      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"
                      "REVOKE ALL ON FUNCTION f() FROM PUBLIC; GRANT EXECUTE ON FUNCTION f() TO plan_routine_auditor "
                      "WITH GRANT OPTION;");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  CHECK(result.plan[0].summary == "alter function public.f()");
  CHECK(result.plan[0].up ==
        std::vector<std::string>{"COMMENT ON FUNCTION public.f() IS NULL",
                                 "REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC",
                                 "GRANT EXECUTE ON FUNCTION public.f() TO plan_routine_auditor WITH GRANT OPTION"});
}

TEST_CASE("plan routines: renamed parameters re-create the function in the expand phase") {
  const auto result = plan_round_trip(
      "CREATE FUNCTION f(old_name text, n double precision) RETURNS text LANGUAGE sql AS $$ SELECT old_name $$;",
      "CREATE FUNCTION f(new_name text, n double precision) RETURNS text LANGUAGE sql AS $$ SELECT new_name $$;");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  const Step &step = result.plan[0];
  CHECK(step.summary == "re-create function public.f(new_name text, n double precision)");
  CHECK(step.phase == Phase::Expand);
  CHECK(step.up.front() == "DROP FUNCTION IF EXISTS public.f(old_name text, n double precision)");
  CHECK(step.drops ==
        std::vector<ObjectRef>{{ObjectKind::Routine, "public", "f", "old_name text, n double precision"}});
}

TEST_CASE("plan routines: a changed result type re-creates the function and the trigger and view that use it") {
  const auto result = plan_round_trip(R"(
CREATE FUNCTION score(amount int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 2 $$;
CREATE FUNCTION log_it() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE t (amount int);
CREATE TRIGGER big BEFORE INSERT ON t FOR EACH ROW WHEN (score(NEW.amount) > 10) EXECUTE FUNCTION log_it();
CREATE VIEW scored AS SELECT score(amount) AS score FROM t;
)",
                                      R"(
CREATE FUNCTION score(amount int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 2::bigint $$;
CREATE FUNCTION log_it() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE t (amount int);
CREATE TRIGGER big BEFORE INSERT ON t FOR EACH ROW WHEN (score(NEW.amount) > 10) EXECUTE FUNCTION log_it();
CREATE VIEW scored AS SELECT score(amount) AS score FROM t;
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 6);
  const std::size_t drop_function = step_named(result.plan, "drop function public.score(amount integer)");
  const std::size_t create_function = step_named(result.plan, "re-create function public.score(amount integer)");
  const std::size_t drop_trigger = step_named(result.plan, "drop trigger big on public.t");
  const std::size_t create_trigger = step_named(result.plan, "re-create trigger big on public.t");
  const std::size_t drop_view = step_named(result.plan, "drop view public.scored");
  const std::size_t create_view = step_named(result.plan, "re-create view public.scored");
  CHECK(drop_trigger < drop_function);
  CHECK(drop_view < drop_function);
  CHECK(drop_function < create_function);
  CHECK(create_function < create_trigger);
  CHECK(create_function < create_view);
  for (const Step &step : result.plan) CHECK(step.phase == Phase::Expand);
  CHECK(result.plan[drop_function].hazards.empty());
}

TEST_CASE("plan routines: a dropped function is a contract step that breaks running code") {
  const auto result =
      plan_round_trip("CREATE FUNCTION gone(a int, VARIADIC rest text[]) RETURNS int LANGUAGE sql AS $$ SELECT a $$;"
                      "CREATE PROCEDURE also_gone() LANGUAGE sql AS $$ SELECT 1 $$;",
                      "");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  const Step &function =
      result.plan[step_named(result.plan, "drop function public.gone(a integer, VARIADIC rest text[])")];
  CHECK(function.phase == Phase::Contract);
  CHECK(function.up == std::vector<std::string>{"DROP FUNCTION IF EXISTS public.gone(a integer, VARIADIC rest text[])"});
  CHECK(function.hazards ==
        std::vector<schemadiff::plan::Hazard>{
            {HazardKind::BreaksRunningCode,
             "code still calling the function public.gone(a integer, VARIADIC rest text[]) fails"}});
  const Step &procedure = result.plan[step_named(result.plan, "drop procedure public.also_gone()")];
  CHECK(procedure.up == std::vector<std::string>{"DROP PROCEDURE IF EXISTS public.also_gone()"});
}

TEST_CASE("plan routines: a SQL function and the table it reads are dropped and restored in either order") {
  // pg_depend does not record what a string body reads: the down re-creates
  // the function with check_function_bodies off.
  check_round_trip(plan_round_trip(
      "CREATE TABLE t (x int); CREATE FUNCTION total() RETURNS bigint LANGUAGE sql AS $$ SELECT sum(x) FROM t $$;",
      ""));
  check_round_trip(plan_round_trip(
      "",
      "CREATE TABLE t (x int); CREATE FUNCTION total() RETURNS bigint LANGUAGE sql AS $$ SELECT sum(x) FROM t $$;"));
}

TEST_CASE("plan routines: a SQL-standard body is created after the table it reads") {
  const auto result = plan_round_trip("", R"(
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(x) FROM t; END;
CREATE TABLE t (x int);
)");
  check_round_trip(result);
  CHECK(step_named(result.plan, "create table public.t") < step_named(result.plan, "create function public.total()"));
}

TEST_CASE("plan routines: aggregates are created, commented and granted, re-created and dropped") {
  const std::string functions = R"(
CREATE FUNCTION add_state(state bigint, value int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT state + value $$;
CREATE FUNCTION mul_state(state bigint, value int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT state * value $$;
)";
  SECTION("created with a comment and grants") {
    const auto result = plan_round_trip(std::string(auditor_role) + functions, functions + R"(
CREATE AGGREGATE total(int) (SFUNC = add_state, STYPE = bigint, INITCOND = '0', PARALLEL = SAFE);
COMMENT ON AGGREGATE total(int) IS 'sums';
REVOKE ALL ON FUNCTION total(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION total(int) TO plan_routine_auditor;
CREATE AGGREGATE counted(*) (SFUNC = int8inc, STYPE = bigint, INITCOND = '0');
)");
    check_round_trip(result);
    const Step &step = result.plan[step_named(result.plan, "create aggregate public.total(integer)")];
    CHECK(step.up[0].starts_with("CREATE OR REPLACE AGGREGATE public.total(integer) (\n    SFUNC = public.add_state"));
    CHECK(has_statement(step.up, "COMMENT ON AGGREGATE public.total(integer) IS 'sums'"));
    CHECK(has_statement(step.up, "REVOKE EXECUTE ON FUNCTION public.total(integer) FROM PUBLIC"));
    CHECK(step.down == std::vector<std::string>{"DROP AGGREGATE IF EXISTS public.total(integer)"});
    const Step &star = result.plan[step_named(result.plan, "create aggregate public.counted(*)")];
    CHECK(star.down == std::vector<std::string>{"DROP AGGREGATE IF EXISTS public.counted(*)"});
  }
  SECTION("comment and grants changed in place") {
    const auto result = plan_round_trip(std::string(auditor_role) + functions +
                                            "CREATE AGGREGATE total(int) (SFUNC = add_state, STYPE = bigint);"
                                            "COMMENT ON AGGREGATE total(int) IS 'sums';",
                                        functions + "CREATE AGGREGATE total(int) (SFUNC = add_state, STYPE = bigint);"
                                                    "GRANT EXECUTE ON FUNCTION total(int) TO plan_routine_auditor;");
    check_round_trip(result);
    REQUIRE(result.plan.size() == 1);
    CHECK(result.plan[0].summary == "alter aggregate public.total(integer)");
    CHECK(result.plan[0].up ==
          std::vector<std::string>{"COMMENT ON AGGREGATE public.total(integer) IS NULL",
                                   "GRANT EXECUTE ON FUNCTION public.total(integer) TO plan_routine_auditor"});
  }
  SECTION("a changed state function re-creates it, a removed one is dropped in contract") {
    const auto result =
        plan_round_trip(functions + "CREATE AGGREGATE total(int) (SFUNC = add_state, STYPE = bigint);"
                                    "CREATE AGGREGATE gone(int) (SFUNC = add_state, STYPE = bigint);",
                        functions + "CREATE AGGREGATE total(int) (SFUNC = mul_state, STYPE = bigint, INITCOND = '1');");
    check_round_trip(result);
    const std::size_t drop = step_named(result.plan, "drop aggregate public.total(integer)");
    const std::size_t create = step_named(result.plan, "re-create aggregate public.total(integer)");
    CHECK(drop < create);
    CHECK(result.plan[drop].phase == Phase::Expand);
    const Step &gone = result.plan[step_named(result.plan, "drop aggregate public.gone(integer)")];
    CHECK(gone.phase == Phase::Contract);
    CHECK(gone.hazards.front().kind == HazardKind::BreaksRunningCode);
  }
}

TEST_CASE("plan routines: hard names are quoted everywhere") {
  const auto result = plan_round_trip(R"(
CREATE SCHEMA "My Schema";
CREATE FUNCTION "My Schema"."Weird Name"("select" int, "Other Arg" text) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
)",
                                      R"(
CREATE SCHEMA "My Schema";
CREATE FUNCTION "My Schema"."Weird Name"("select" int, "Other Arg" text) RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;
COMMENT ON FUNCTION "My Schema"."Weird Name"(int, text) IS 'it''s weird';
CREATE PROCEDURE "My Schema"."table"() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION "My Schema"."Sum State"(s bigint, v int) RETURNS bigint LANGUAGE sql AS $$ SELECT s + v $$;
CREATE AGGREGATE "My Schema"."Total Of"(int) (SFUNC = "My Schema"."Sum State", STYPE = bigint);
COMMENT ON AGGREGATE "My Schema"."Total Of"(int) IS 'sum';
)");
  check_round_trip(result);
  const Step &weird = result.plan[step_named(
      result.plan, "replace function \"My Schema\".\"Weird Name\"(\"select\" integer, \"Other Arg\" text)")];
  CHECK(has_statement(
      weird.up,
      "COMMENT ON FUNCTION \"My Schema\".\"Weird Name\"(\"select\" integer, \"Other Arg\" text) IS 'it''s weird'"));
  step_named(result.plan, "create procedure \"My Schema\".\"table\"()");
  step_named(result.plan, "create aggregate \"My Schema\".\"Total Of\"(integer)");
}

TEST_CASE("plan routines: a new function starts from the default privileges, set before it is created") {
  const auto result = plan_round_trip(std::string(auditor_role), R"(
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO plan_routine_auditor;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int);
)");
  check_round_trip(result);
  const std::size_t function = step_named(result.plan, "create function public.f()");
  const std::size_t aggregate = step_named(result.plan, "create aggregate public.total(integer)");
  // The defaults already give what the schema states: no GRANT or REVOKE.
  CHECK(!starts_any(result.plan[function].up, "REVOKE"));
  CHECK(!starts_any(result.plan[function].up, "GRANT"));
  CHECK(!starts_any(result.plan[aggregate].up, "REVOKE"));
  int defaults = 0;
  for (std::size_t i = 0; i < result.plan.size(); ++i) {
    if (result.plan[i].summary.find("default privileges") == std::string::npos) continue;
    ++defaults;
    CHECK(i < function);
    CHECK(i < aggregate);
  }
  CHECK(defaults == 1);
}
