#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using schemadiff::model::ObjectKind;
using schemadiff::model::ObjectRef;
using schemadiff::model::QualifiedName;
using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::Plan;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::unguarded;
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

const std::string trigger_function =
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
    "CREATE TABLE t (id int, amount int);\n";

const char *const roles =
    "DO $$BEGIN CREATE ROLE plan_policy_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;"
    "DO $$BEGIN CREATE ROLE \"Plan Policy Writer\"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;";

} // namespace

TEST_CASE("plan triggers: new triggers in every firing state, with a comment, lock the table SHARE ROW EXCLUSIVE") {
  const auto result = plan_round_trip(trigger_function, trigger_function + R"(
CREATE TRIGGER fires BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TRIGGER fires ON t IS 'on insert';
CREATE TRIGGER off BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE t DISABLE TRIGGER off;
CREATE TRIGGER replica BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE t ENABLE REPLICA TRIGGER replica;
CREATE TRIGGER always AFTER DELETE ON t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE t ENABLE ALWAYS TRIGGER always;
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 4);
  const Step &fires = result.plan[step_named(result.plan, "create trigger fires on public.t")];
  CHECK(fires.phase == Phase::Expand);
  CHECK(fires.lock == Lock::ShareRowExclusive);
  CHECK(fires.locked_relation == QualifiedName{"public", "t"});
  CHECK(unguarded(fires.up) == std::vector<std::string>{
                        "CREATE TRIGGER fires BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()",
                        "COMMENT ON TRIGGER fires ON public.t IS 'on insert'"});
  CHECK(fires.down == std::vector<std::string>{"DROP TRIGGER IF EXISTS fires ON public.t"});
  CHECK(fires.creates == std::vector<ObjectRef>{{ObjectKind::Trigger, "public", "t", "fires"}});
  CHECK(result.plan[step_named(result.plan, "create trigger off on public.t")].up.back() ==
        "ALTER TABLE public.t DISABLE TRIGGER off");
  CHECK(result.plan[step_named(result.plan, "create trigger replica on public.t")].up.back() ==
        "ALTER TABLE public.t ENABLE REPLICA TRIGGER replica");
  CHECK(result.plan[step_named(result.plan, "create trigger always on public.t")].up.back() ==
        "ALTER TABLE public.t ENABLE ALWAYS TRIGGER always");
}

TEST_CASE("plan triggers: the firing state and the comment change in place") {
  const auto result = plan_round_trip(trigger_function + R"(
CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE t DISABLE TRIGGER a;
CREATE TRIGGER b BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TRIGGER b ON t IS 'old';
)",
                                      trigger_function + R"(
CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER b BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TRIGGER b ON t IS 'new';
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  const Step &a = result.plan[step_named(result.plan, "alter trigger a on public.t")];
  CHECK(a.lock == Lock::ShareRowExclusive);
  CHECK(a.up == std::vector<std::string>{"ALTER TABLE public.t ENABLE TRIGGER a"});
  CHECK(a.down == std::vector<std::string>{"ALTER TABLE public.t DISABLE TRIGGER a"});
  const Step &b = result.plan[step_named(result.plan, "alter trigger b on public.t")];
  CHECK(b.lock == Lock::ShareUpdateExclusive);
  CHECK(b.up == std::vector<std::string>{"COMMENT ON TRIGGER b ON public.t IS 'new'"});
}

TEST_CASE("plan triggers: a changed definition re-creates the trigger, a removed one is dropped") {
  const auto result = plan_round_trip(trigger_function + R"(
CREATE TRIGGER changes BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER gone AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION touch();
COMMENT ON TRIGGER gone ON t IS 'comes back in the down';
)",
                                      trigger_function + R"(
CREATE TRIGGER changes BEFORE INSERT OR UPDATE OF amount ON t FOR EACH ROW EXECUTE FUNCTION touch();
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 3);
  const std::size_t drop = step_named(result.plan, "drop trigger changes on public.t");
  const std::size_t create = step_named(result.plan, "re-create trigger changes on public.t");
  CHECK(drop < create);
  CHECK(result.plan[drop].phase == Phase::Expand);
  const Step &gone = result.plan[step_named(result.plan, "drop trigger gone on public.t")];
  CHECK(gone.phase == Phase::Contract);
  CHECK(gone.lock == Lock::AccessExclusive);
  CHECK(gone.up == std::vector<std::string>{"DROP TRIGGER IF EXISTS gone ON public.t"});
  CHECK(has_statement(gone.down, "COMMENT ON TRIGGER gone ON public.t IS 'comes back in the down'"));
  CHECK(gone.drops == std::vector<ObjectRef>{{ObjectKind::Trigger, "public", "t", "gone"}});
}

TEST_CASE("plan triggers: a table dropped with its trigger and trigger function") {
  const auto result = plan_round_trip(
      trigger_function + "CREATE TRIGGER audit AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();", "");
  check_round_trip(result);
  const std::size_t trigger = step_named(result.plan, "drop trigger audit on public.t");
  CHECK(trigger < step_named(result.plan, "drop function public.touch()"));
  CHECK(trigger < step_named(result.plan, "drop table public.t"));
}

TEST_CASE("plan triggers: a column type change re-creates the trigger that names the column") {
  const auto result = plan_round_trip(
      trigger_function + "CREATE TRIGGER on_amount BEFORE UPDATE OF amount ON t FOR EACH ROW EXECUTE FUNCTION touch();",
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
      "CREATE TABLE t (id int, amount bigint);"
      "CREATE TRIGGER on_amount BEFORE UPDATE OF amount ON t FOR EACH ROW EXECUTE FUNCTION touch();");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 3);
  CHECK(result.plan[0].summary == "drop trigger on_amount on public.t");
  CHECK(result.plan[1].summary == "alter column public.t.amount");
  CHECK(result.plan[2].summary == "re-create trigger on_amount on public.t");
}

TEST_CASE("plan policies: new policies, permissive and restrictive, for roles, with a comment") {
  const auto result = plan_round_trip(std::string(roles) + "CREATE TABLE t (id int, owner text);", R"(
CREATE TABLE t (id int, owner text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON t FOR SELECT TO plan_policy_reader, "Plan Policy Writer" USING (owner = current_user);
COMMENT ON POLICY readers ON t IS 'own rows';
CREATE POLICY limits ON t AS RESTRICTIVE FOR INSERT WITH CHECK (id > 0);
)");
  check_round_trip(result);
  const Step &readers = result.plan[step_named(result.plan, "create policy readers on public.t")];
  CHECK(readers.phase == Phase::Expand);
  CHECK(readers.lock == Lock::AccessExclusive);
  CHECK(readers.locked_relation == QualifiedName{"public", "t"});
  CHECK(unguarded(readers.up) == std::vector<std::string>{
                          "CREATE POLICY readers ON public.t\n    AS PERMISSIVE\n    FOR SELECT\n"
                          "    TO \"Plan Policy Writer\", plan_policy_reader\n    USING ((owner = CURRENT_USER))",
                          "COMMENT ON POLICY readers ON public.t IS 'own rows'"});
  CHECK(readers.down == std::vector<std::string>{"DROP POLICY IF EXISTS readers ON public.t"});
  CHECK(readers.creates == std::vector<ObjectRef>{{ObjectKind::Policy, "public", "t", "readers"}});
  const Step &limits = result.plan[step_named(result.plan, "create policy limits on public.t")];
  CHECK(
      unguarded(limits.up).front() ==
      "CREATE POLICY limits ON public.t\n    AS RESTRICTIVE\n    FOR INSERT\n    TO PUBLIC\n    WITH CHECK ((id > 0))");
}

TEST_CASE("plan policies: roles, USING and WITH CHECK change with ALTER POLICY") {
  const auto result = plan_round_trip(std::string(roles) + R"(
CREATE TABLE t (id int, owner text);
CREATE POLICY p ON t FOR UPDATE TO plan_policy_reader USING (id > 0) WITH CHECK (id > 0);
COMMENT ON POLICY p ON t IS 'kept';
)",
                                      R"(
CREATE TABLE t (id int, owner text);
CREATE POLICY p ON t FOR UPDATE TO plan_policy_reader, "Plan Policy Writer" USING (id > 1) WITH CHECK (owner = current_user);
COMMENT ON POLICY p ON t IS 'kept';
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  const Step &step = result.plan[0];
  CHECK(step.summary == "alter policy p on public.t");
  CHECK(step.lock == Lock::AccessExclusive);
  CHECK(step.up == std::vector<std::string>{"ALTER POLICY p ON public.t\n"
                                            "    TO \"Plan Policy Writer\", plan_policy_reader\n"
                                            "    USING ((id > 1))\n"
                                            "    WITH CHECK ((owner = CURRENT_USER))"});
  CHECK(step.down == std::vector<std::string>{"ALTER POLICY p ON public.t\n"
                                              "    TO plan_policy_reader\n"
                                              "    USING ((id > 0))\n"
                                              "    WITH CHECK ((id > 0))"});
}

TEST_CASE("plan policies: a policy losing its WITH CHECK is dropped and created in one step, comment kept") {
  const auto result = plan_round_trip(R"(
CREATE TABLE t (id int);
CREATE POLICY p ON t FOR ALL USING (id > 0) WITH CHECK (id > 10);
COMMENT ON POLICY p ON t IS 'kept';
)",
                                      R"(
CREATE TABLE t (id int);
CREATE POLICY p ON t FOR ALL USING (id > 0);
COMMENT ON POLICY p ON t IS 'kept';
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  const std::vector<std::string> up = unguarded(result.plan[0].up);
  REQUIRE(up.size() == 3);
  CHECK(up[0] == "DROP POLICY IF EXISTS p ON public.t");
  CHECK(up[1].starts_with("CREATE POLICY p ON public.t"));
  CHECK(up[2] == "COMMENT ON POLICY p ON public.t IS 'kept'");
}

TEST_CASE("plan policies: a changed command re-creates the policy, a removed one is dropped, a comment alone changes") {
  const auto result = plan_round_trip(R"(
CREATE TABLE t (id int);
CREATE POLICY changes ON t FOR SELECT USING (id > 0);
CREATE POLICY gone ON t FOR DELETE USING (id > 0);
CREATE POLICY commented ON t USING (true);
)",
                                      R"(
CREATE TABLE t (id int);
CREATE POLICY changes ON t FOR ALL USING (id > 0);
CREATE POLICY commented ON t USING (true);
COMMENT ON POLICY commented ON t IS 'now';
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 4);
  CHECK(step_named(result.plan, "drop policy changes on public.t") <
        step_named(result.plan, "re-create policy changes on public.t"));
  const Step &gone = result.plan[step_named(result.plan, "drop policy gone on public.t")];
  CHECK(gone.phase == Phase::Contract);
  CHECK(gone.up == std::vector<std::string>{"DROP POLICY IF EXISTS gone ON public.t"});
  const Step &commented = result.plan[step_named(result.plan, "alter policy commented on public.t")];
  CHECK(commented.lock == Lock::ShareUpdateExclusive);
  CHECK(commented.up == std::vector<std::string>{"COMMENT ON POLICY commented ON public.t IS 'now'"});
}

TEST_CASE("plan policies: a column type change and a function re-creation re-create the policy around them") {
  const auto result = plan_round_trip(R"(
CREATE FUNCTION allowed(n int) RETURNS boolean LANGUAGE sql AS $$ SELECT n > 0 $$;
CREATE TABLE t (id int, amount int);
CREATE POLICY p ON t USING (amount > 0 AND allowed(id));
)",
                                      R"(
CREATE FUNCTION allowed(id_value int) RETURNS boolean LANGUAGE sql AS $$ SELECT id_value > 0 $$;
CREATE TABLE t (id int, amount bigint);
CREATE POLICY p ON t USING (amount > 0 AND allowed(id));
)");
  check_round_trip(result);
  const std::size_t drop = step_named(result.plan, "drop policy p on public.t");
  const std::size_t column = step_named(result.plan, "alter column public.t.amount");
  const std::size_t function = step_named(result.plan, "re-create function public.allowed(id_value integer)");
  const std::size_t create = step_named(result.plan, "re-create policy p on public.t");
  CHECK(drop < column);
  CHECK(drop < function);
  CHECK(column < create);
  CHECK(function < create);
}

TEST_CASE("plan triggers and policies: hard names are quoted everywhere") {
  const auto result = plan_round_trip(R"(
CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Order Items" ("Line" int, "user" text);
CREATE FUNCTION "Sales"."Touch It"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
)",
                                      R"(
CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Order Items" ("Line" int, "user" text);
CREATE FUNCTION "Sales"."Touch It"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER "Audit Trigger" BEFORE UPDATE OF "Line" ON "Sales"."Order Items" FOR EACH ROW EXECUTE FUNCTION "Sales"."Touch It"();
ALTER TABLE "Sales"."Order Items" DISABLE TRIGGER "Audit Trigger";
COMMENT ON TRIGGER "Audit Trigger" ON "Sales"."Order Items" IS 'it''s audited';
CREATE POLICY "select" ON "Sales"."Order Items" FOR SELECT USING ("user" = current_user);
COMMENT ON POLICY "select" ON "Sales"."Order Items" IS 'reserved';
)");
  check_round_trip(result);
  const Step &trigger =
      result.plan[step_named(result.plan, "create trigger \"Audit Trigger\" on \"Sales\".\"Order Items\"")];
  CHECK(has_statement(trigger.up, "ALTER TABLE \"Sales\".\"Order Items\" DISABLE TRIGGER \"Audit Trigger\""));
  CHECK(trigger.down == std::vector<std::string>{"DROP TRIGGER IF EXISTS \"Audit Trigger\" ON \"Sales\".\"Order Items\""});
  const Step &policy = result.plan[step_named(result.plan, "create policy \"select\" on \"Sales\".\"Order Items\"")];
  CHECK(has_statement(policy.up, "COMMENT ON POLICY \"select\" ON \"Sales\".\"Order Items\" IS 'reserved'"));
  CHECK(policy.down == std::vector<std::string>{"DROP POLICY IF EXISTS \"select\" ON \"Sales\".\"Order Items\""});
}

TEST_CASE("plan triggers: an INSTEAD OF trigger is re-created around its view's re-creation") {
  const std::string base =
      trigger_function + "CREATE TRIGGER instead INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION touch();";
  const auto result =
      plan_round_trip("CREATE VIEW v AS SELECT 1 AS one;" + base, "CREATE VIEW v AS SELECT 1 AS one, 2 AS two;" + base);
  check_round_trip(result);
  REQUIRE(result.plan.size() == 4);
  CHECK(result.plan[0].summary == "drop trigger instead on public.v");
  CHECK(result.plan[1].summary == "drop view public.v");
  CHECK(result.plan[2].summary == "re-create view public.v");
  CHECK(result.plan[3].summary == "re-create trigger instead on public.v");
  CHECK(result.plan[3].locked_relation == QualifiedName{"public", "v"});
}
