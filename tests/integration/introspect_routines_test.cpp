// Introspection of functions, procedures, aggregates, triggers and row level
// security policies.

#include "schemadiff/source/introspect.hpp"

#include "support/test_database.hpp"

#include <catch2/catch.hpp>

// Expected objects are written with designated initializers that leave the
// other fields at their defaults on purpose; GCC 12 warns about that.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

using namespace schemadiff::model;
using schemadiff::source::introspect;
using schemadiff::testing::TestDatabase;

namespace {

constexpr const char *routines_fixture = R"sql(
CREATE SCHEMA "Sales Data";
CREATE FUNCTION "Sales Data"."Touch ""It"""() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION "Sales Data"."Touch ""It"""() IS 'keeps updated_at current';
CREATE FUNCTION "Sales Data".net(amount numeric, "order" int DEFAULT 0) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS 'SELECT amount';
CREATE FUNCTION "Sales Data".net(amount integer) RETURNS integer LANGUAGE sql AS 'SELECT amount';
CREATE PROCEDURE "Sales Data"."Close Day"(IN day date, INOUT closed int DEFAULT NULL)
  LANGUAGE plpgsql AS $$BEGIN closed := 1; END$$;
CREATE AGGREGATE "Sales Data"."Sum It"(int) (sfunc = int4pl, stype = int, initcond = '0', parallel = safe);
COMMENT ON AGGREGATE "Sales Data"."Sum It"(int) IS 'a plain sum';
CREATE AGGREGATE "Sales Data".biggest(numeric) (sfunc = numeric_larger, stype = numeric, sortop = >,
                                              combinefunc = numeric_larger);
CREATE FUNCTION "Sales Data".tail(numeric, numeric) RETURNS numeric LANGUAGE sql AS 'SELECT $2';
CREATE FUNCTION "Sales Data".fin(numeric, numeric) RETURNS numeric LANGUAGE sql AS 'SELECT $1';
CREATE AGGREGATE "Sales Data".with_extra(numeric) (sfunc = numeric_larger, stype = numeric,
                                                   finalfunc = "Sales Data".fin, finalfunc_extra);
CREATE AGGREGATE "Sales Data".mean(numeric) (sfunc = numeric_avg_accum, stype = internal, finalfunc = numeric_avg,
  combinefunc = numeric_avg_combine, serialfunc = numeric_avg_serialize, deserialfunc = numeric_avg_deserialize,
  parallel = restricted);
CREATE AGGREGATE "Sales Data"."last"(ORDER BY numeric) (sfunc = "Sales Data".tail, stype = numeric,
                                                        finalfunc = abs, finalfunc_extra = false);
)sql";

constexpr const char *triggers_fixture = R"sql(
CREATE TABLE "Sales Data"."order" (id int PRIMARY KEY, "user" text, updated_at timestamptz);
CREATE TABLE "Sales Data".line (order_id int REFERENCES "Sales Data"."order" (id));
CREATE TRIGGER "Touch ""Order""" BEFORE UPDATE ON "Sales Data"."order"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "Sales Data"."Touch ""It"""();
COMMENT ON TRIGGER "Touch ""Order""" ON "Sales Data"."order" IS 'keep it fresh';
CREATE TRIGGER off BEFORE INSERT ON "Sales Data"."order" FOR EACH ROW EXECUTE FUNCTION "Sales Data"."Touch ""It"""();
ALTER TABLE "Sales Data"."order" DISABLE TRIGGER off;
CREATE TRIGGER always BEFORE INSERT ON "Sales Data"."order" FOR EACH ROW EXECUTE FUNCTION "Sales Data"."Touch ""It"""();
ALTER TABLE "Sales Data"."order" ENABLE ALWAYS TRIGGER always;
CREATE TRIGGER replica BEFORE INSERT ON "Sales Data"."order" FOR EACH ROW EXECUTE FUNCTION "Sales Data"."Touch ""It"""();
ALTER TABLE "Sales Data"."order" ENABLE REPLICA TRIGGER replica;
CREATE CONSTRAINT TRIGGER checked AFTER INSERT ON "Sales Data".line DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "Sales Data"."Touch ""It"""();
CREATE VIEW "Sales Data".recent AS SELECT * FROM "Sales Data"."order";
CREATE TRIGGER "instead" INSTEAD OF INSERT ON "Sales Data".recent FOR EACH ROW
  EXECUTE FUNCTION "Sales Data"."Touch ""It"""();
CREATE TABLE "Sales Data".events (id int, at date) PARTITION BY RANGE (at);
CREATE TRIGGER "on events" BEFORE INSERT ON "Sales Data".events FOR EACH ROW
  EXECUTE FUNCTION "Sales Data"."Touch ""It"""();
CREATE TABLE "Sales Data".events_2024 PARTITION OF "Sales Data".events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
)sql";

} // namespace

TEST_CASE("introspect: functions and procedures with definition, arguments, result, language and comment") {
  const TestDatabase database;
  database.execute(routines_fixture);
  const Catalog catalog = introspect(database.conninfo());

  REQUIRE(catalog.routines.size() == 6);
  CHECK(catalog.routines.at({"Sales Data", "Touch \"It\"", ""}) ==
        Routine{.key = {"Sales Data", "Touch \"It\"", ""},
                .kind = RoutineKind::Function,
                .definition = "CREATE OR REPLACE FUNCTION \"Sales Data\".\"Touch \"\"It\"\"\"()\n"
                              " RETURNS trigger\n"
                              " LANGUAGE plpgsql\n"
                              "AS $function$\n"
                              "BEGIN\n"
                              "  NEW.updated_at := now();\n"
                              "  RETURN NEW;\n"
                              "END\n"
                              "$function$\n",
                .arguments = "",
                .result = "trigger",
                .language = "plpgsql",
                .comment = "keeps updated_at current",
                .privileges = {{"PUBLIC", "EXECUTE", false}}});

  // Overloads are told apart by their identity arguments.
  const Routine &net = catalog.routines.at({"Sales Data", "net", "amount numeric, \"order\" integer"});
  CHECK(net.arguments == "amount numeric, \"order\" integer DEFAULT 0");
  CHECK(net.result == "numeric");
  CHECK(net.language == "sql");
  CHECK(catalog.routines.at({"Sales Data", "net", "amount integer"}).result == "integer");

  const Routine &close_day = catalog.routines.at({"Sales Data", "Close Day", "IN day date, INOUT closed integer"});
  CHECK(close_day.kind == RoutineKind::Procedure);
  CHECK(close_day.result.empty());
  CHECK(close_day.arguments == "IN day date, INOUT closed integer DEFAULT NULL::integer");
  CHECK_THAT(close_day.definition, Catch::StartsWith("CREATE OR REPLACE PROCEDURE \"Sales Data\".\"Close Day\"("));
}

TEST_CASE("introspect: aggregates are read from pg_aggregate, not as functions") {
  const TestDatabase database;
  database.execute(routines_fixture);
  const Catalog catalog = introspect(database.conninfo());

  REQUIRE(catalog.aggregates.size() == 5);
  CHECK(catalog.aggregates.at({"Sales Data", "Sum It", "integer"}) ==
        Aggregate{.key = {"Sales Data", "Sum It", "integer"},
                  .arguments = "integer",
                  .kind = 'n',
                  .state_function = "int4pl",
                  .state_type = "integer",
                  .initial_condition = "0",
                  .parallel = "s",
                  .comment = "a plain sum",
                  .privileges = {{"PUBLIC", "EXECUTE", false}}});
  CHECK(catalog.aggregates.at({"Sales Data", "biggest", "numeric"}) ==
        Aggregate{.key = {"Sales Data", "biggest", "numeric"},
                  .arguments = "numeric",
                  .state_function = "numeric_larger",
                  .state_type = "numeric",
                  .combine_function = "numeric_larger",
                  .sort_operator = "pg_catalog.>", // qualified: the name ">" alone is ambiguous
                  .privileges = {{"PUBLIC", "EXECUTE", false}}});
  CHECK(catalog.aggregates.at({"Sales Data", "last", "ORDER BY numeric"}) ==
        Aggregate{.key = {"Sales Data", "last", "ORDER BY numeric"},
                  .arguments = "ORDER BY numeric",
                  .kind = 'o',
                  .state_function = "\"Sales Data\".tail",
                  .state_type = "numeric",
                  .final_function = "pg_catalog.abs", // overloaded, so qualified
                  .privileges = {{"PUBLIC", "EXECUTE", false}}});
  CHECK(catalog.aggregates.at({"Sales Data", "with_extra", "numeric"}) ==
        Aggregate{.key = {"Sales Data", "with_extra", "numeric"},
                  .arguments = "numeric",
                  .state_function = "numeric_larger",
                  .state_type = "numeric",
                  .final_function = "\"Sales Data\".fin",
                  .final_function_extra = true,
                  .privileges = {{"PUBLIC", "EXECUTE", false}}});
  CHECK(catalog.aggregates.at({"Sales Data", "mean", "numeric"}) ==
        Aggregate{.key = {"Sales Data", "mean", "numeric"},
                  .arguments = "numeric",
                  .state_function = "numeric_avg_accum",
                  .state_type = "internal",
                  .final_function = "numeric_avg",
                  .combine_function = "numeric_avg_combine",
                  .serial_function = "numeric_avg_serialize",
                  .deserial_function = "numeric_avg_deserialize",
                  .parallel = "r",
                  .privileges = {{"PUBLIC", "EXECUTE", false}}});
}

TEST_CASE("introspect: user triggers with definition, function, enabled state and comment") {
  const TestDatabase database;
  database.execute(routines_fixture);
  database.execute(triggers_fixture);
  const Catalog catalog = introspect(database.conninfo());

  const QualifiedName order{"Sales Data", "order"};
  CHECK(catalog.triggers.at({order, "Touch \"Order\""}) ==
        Trigger{.key = {order, "Touch \"Order\""},
                .definition = "CREATE TRIGGER \"Touch \"\"Order\"\"\" BEFORE UPDATE ON \"Sales Data\".\"order\" "
                              "FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) "
                              "EXECUTE FUNCTION \"Sales Data\".\"Touch \"\"It\"\"\"()",
                .function = "\"Sales Data\".\"Touch \"\"It\"\"\"",
                .enabled = TriggerEnabled::Origin,
                .comment = "keep it fresh"});
  CHECK(catalog.triggers.at({order, "off"}).enabled == TriggerEnabled::Disabled);
  CHECK(catalog.triggers.at({order, "always"}).enabled == TriggerEnabled::Always);
  CHECK(catalog.triggers.at({order, "replica"}).enabled == TriggerEnabled::Replica);
  CHECK(catalog.triggers.contains({{"Sales Data", "line"}, "checked"}));
}

TEST_CASE("introspect: foreign key triggers and the clones partitions get are left out") {
  const TestDatabase database;
  database.execute(routines_fixture);
  database.execute(triggers_fixture);
  const Catalog catalog = introspect(database.conninfo());

  std::vector<std::string> names;
  for (const auto &[key, trigger] : catalog.triggers) names.push_back(key.table.name + "." + key.name);
  CHECK(names == std::vector<std::string>{"events.on events", "line.checked", "order.Touch \"Order\"", "order.always",
                                          "order.off", "order.replica", "recent.instead"});
}

TEST_CASE("introspect: policies with their mode, command, roles sorted, expressions and comment") {
  const TestDatabase database;
  database.execute(R"sql(
    DO $$BEGIN CREATE ROLE "Report ""Reader"""; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
    DO $$BEGIN CREATE ROLE auditor; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
    CREATE TABLE "order" ("user" text, total numeric);
    ALTER TABLE "order" ENABLE ROW LEVEL SECURITY;
    CREATE POLICY "Own Rows" ON "order" AS RESTRICTIVE FOR UPDATE TO auditor, "Report ""Reader"""
      USING ("user" = current_user) WITH CHECK (total >= 0);
    COMMENT ON POLICY "Own Rows" ON "order" IS 'only yours';
    CREATE POLICY everyone ON "order" USING (true);
    CREATE POLICY inserts ON "order" FOR INSERT WITH CHECK (total > 0);
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  const QualifiedName order{"public", "order"};
  CHECK(catalog.policies.at({order, "Own Rows"}) == Policy{.key = {order, "Own Rows"},
                                                           .permissive = false,
                                                           .command = "UPDATE",
                                                           .roles = {"Report \"Reader\"", "auditor"},
                                                           .using_expression = "(\"user\" = CURRENT_USER)",
                                                           .check_expression = "(total >= (0)::numeric)",
                                                           .comment = "only yours"});
  CHECK(catalog.policies.at({order, "everyone"}) ==
        Policy{.key = {order, "everyone"}, .roles = {"PUBLIC"}, .using_expression = "true"});
  CHECK(catalog.policies.at({order, "inserts"}) == Policy{.key = {order, "inserts"},
                                                          .command = "INSERT",
                                                          .roles = {"PUBLIC"},
                                                          .check_expression = "(total > (0)::numeric)"});
}
