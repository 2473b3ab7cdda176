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

const char *const reader_role =
    "DO $$BEGIN CREATE ROLE plan_view_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;";

} // namespace

TEST_CASE("plan views: a new view with options, comments and grants is one expand step") {
  const auto result = plan_round_trip(std::string(reader_role) + "CREATE TABLE t (id int, name text);", R"(
CREATE TABLE t (id int, name text);
CREATE VIEW v WITH (security_barrier = true) AS SELECT id, name FROM t WHERE id > 0;
COMMENT ON VIEW v IS 'positive ids';
COMMENT ON COLUMN v.name IS 'the name';
GRANT SELECT ON v TO plan_view_reader;
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  const Step &step = result.plan[0];
  CHECK(step.summary == "create view public.v");
  CHECK(step.phase == Phase::Expand);
  CHECK(step.lock == Lock::None);
  CHECK(step.up[0].starts_with("CREATE OR REPLACE VIEW public.v WITH (security_barrier=true) AS\n"));
  CHECK(std::find(step.up.begin(), step.up.end(), "COMMENT ON COLUMN public.v.name IS 'the name'") != step.up.end());
  CHECK(std::find(step.up.begin(), step.up.end(), "GRANT SELECT ON TABLE public.v TO plan_view_reader") !=
        step.up.end());
  CHECK(step.down == std::vector<std::string>{"DROP VIEW IF EXISTS public.v"});
  CHECK(step.creates == std::vector<ObjectRef>{{ObjectKind::View, "public", "v", ""}});
}

TEST_CASE("plan views: a dropped view is a contract step that breaks running code, before its table goes") {
  const auto result = plan_round_trip(
      "CREATE TABLE t (id int); CREATE TABLE gone (id int); CREATE VIEW v AS SELECT g.id FROM gone g JOIN t USING (id);"
      "COMMENT ON VIEW v IS 'joined';",
      "CREATE TABLE t (id int);");
  check_round_trip(result);
  const std::size_t view = step_named(result.plan, "drop view public.v");
  const std::size_t table = step_named(result.plan, "drop table public.gone");
  CHECK(view < table);
  const Step &step = result.plan[view];
  CHECK(step.phase == Phase::Contract);
  CHECK(step.up.back() == "DROP VIEW IF EXISTS public.v"); // after the lock timeouts
  CHECK(step.lock == Lock::AccessExclusive);
  CHECK(step.locked_relation == schemadiff::model::QualifiedName{"public", "v"});
  CHECK(has_hazard(step, HazardKind::BreaksRunningCode));
  CHECK(step.drops == std::vector<ObjectRef>{{ObjectKind::View, "public", "v", ""}});
}

TEST_CASE("plan views: options set and reset, comments and grants change in place") {
  const auto result = plan_round_trip(std::string(reader_role) + R"(
CREATE TABLE t (id int, name text);
CREATE VIEW gains WITH (security_barrier = true) AS SELECT id FROM t;
CREATE VIEW loses WITH (security_invoker = true, security_barrier = true) AS SELECT id, name FROM t;
COMMENT ON VIEW loses IS 'old';
COMMENT ON COLUMN loses.name IS 'old name';
GRANT SELECT ON loses TO plan_view_reader;
)",
                                      R"(
CREATE TABLE t (id int, name text);
CREATE VIEW gains WITH (security_barrier = true, check_option = local) AS SELECT id FROM t;
CREATE VIEW loses WITH (security_barrier = true) AS SELECT id, name FROM t;
COMMENT ON COLUMN loses.id IS 'the id';
GRANT INSERT ON loses TO plan_view_reader;
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  for (const Step &step : result.plan) {
    CHECK(std::none_of(step.up.begin(), step.up.end(), [](const std::string &s) { return s.starts_with("DROP"); }));
  }
  const Step &gains = result.plan[step_named(result.plan, "alter view public.gains")];
  CHECK(gains.lock == Lock::AccessExclusive);
  CHECK(std::find(gains.up.begin(), gains.up.end(),
                  "ALTER VIEW public.gains SET (security_barrier=true, check_option=local)") != gains.up.end());
  const Step &loses = result.plan[step_named(result.plan, "alter view public.loses")];
  CHECK(std::find(loses.up.begin(), loses.up.end(), "ALTER VIEW public.loses RESET (security_invoker)") !=
        loses.up.end());
  CHECK(std::find(loses.up.begin(), loses.up.end(), "COMMENT ON VIEW public.loses IS NULL") != loses.up.end());
  CHECK(std::find(loses.up.begin(), loses.up.end(), "COMMENT ON COLUMN public.loses.name IS NULL") != loses.up.end());
  CHECK(std::find(loses.up.begin(), loses.up.end(), "REVOKE SELECT ON TABLE public.loses FROM plan_view_reader") !=
        loses.up.end());
}

TEST_CASE("plan views: only comments and grants changing take no lock") {
  const auto result = plan_round_trip("CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;",
                                      "CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;"
                                      "COMMENT ON VIEW v IS 'now commented';");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  CHECK(result.plan[0].lock == Lock::None);
  CHECK(result.plan[0].up == std::vector<std::string>{"COMMENT ON VIEW public.v IS 'now commented'"});
  CHECK(result.plan[0].down == std::vector<std::string>{"COMMENT ON VIEW public.v IS NULL"});
}

TEST_CASE("plan views: a changed query re-creates the view and the views that read it, in dependency order") {
  const auto result = plan_round_trip(R"(
CREATE TABLE t (id int, amount int);
CREATE VIEW base AS SELECT id, amount FROM t;
CREATE VIEW top AS SELECT id FROM base;
COMMENT ON VIEW top IS 'kept through the re-creation';
)",
                                      R"(
CREATE TABLE t (id int, amount int);
CREATE VIEW base AS SELECT id, amount, amount * 2 AS doubled FROM t;
CREATE VIEW top AS SELECT id FROM base;
COMMENT ON VIEW top IS 'kept through the re-creation';
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 4);
  CHECK(result.plan[0].summary == "drop view public.top");
  CHECK(result.plan[1].summary == "drop view public.base");
  CHECK(result.plan[2].summary == "re-create view public.base");
  CHECK(result.plan[3].summary == "re-create view public.top");
  for (const Step &step : result.plan) CHECK(step.phase == Phase::Expand);
  // The drop half of a re-creation loses nothing: no hazard.
  CHECK(result.plan[0].hazards.empty());
  CHECK(std::find(result.plan[3].up.begin(), result.plan[3].up.end(),
                  "COMMENT ON VIEW public.top IS 'kept through the re-creation'") != result.plan[3].up.end());
}

TEST_CASE("plan views: a column type change drops the view, alters the column, then creates the view") {
  const auto result =
      plan_round_trip("CREATE TABLE t (id int, amount int); CREATE VIEW v AS SELECT id, amount FROM t;",
                      "CREATE TABLE t (id int, amount bigint); CREATE VIEW v AS SELECT id, amount FROM t;");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 3);
  CHECK(result.plan[0].summary == "drop view public.v");
  CHECK(result.plan[1].summary == "alter column public.t.amount");
  CHECK(result.plan[2].summary == "re-create view public.v");
  CHECK(result.plan[0].phase == Phase::Expand);
}

TEST_CASE("plan views: a dropped column's dependent view is re-created without it before the column goes") {
  const auto result = plan_round_trip("CREATE TABLE t (id int, gone text); CREATE VIEW v AS SELECT id, gone FROM t;",
                                      "CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;");
  check_round_trip(result);
  const std::size_t drop_view = step_named(result.plan, "drop view public.v");
  const std::size_t create_view = step_named(result.plan, "re-create view public.v");
  const std::size_t drop_column = step_named(result.plan, "drop column public.t.gone");
  CHECK(drop_view < drop_column);
  CHECK(drop_view < create_view);
  CHECK(result.plan[drop_view].phase == Phase::Expand);
  CHECK(result.plan[create_view].phase == Phase::Expand);
  CHECK(result.plan[drop_column].phase == Phase::Contract);
}

TEST_CASE("plan views: a view reading a function is re-created around the function's re-creation") {
  const auto result = plan_round_trip(R"(
CREATE FUNCTION half(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x / 2 $$;
CREATE TABLE t (amount int);
CREATE VIEW v AS SELECT half(amount) AS half_amount FROM t;
)",
                                      R"(
CREATE FUNCTION half(x int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT x / 2.0 $$;
CREATE TABLE t (amount int);
CREATE VIEW v AS SELECT half(amount) AS half_amount FROM t;
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 4);
  CHECK(result.plan[0].summary == "drop view public.v");
  CHECK(result.plan[1].summary == "drop function public.half(x integer)");
  CHECK(result.plan[2].summary == "re-create function public.half(x integer)");
  CHECK(result.plan[3].summary == "re-create view public.v");
}

TEST_CASE("plan views: a new materialized view without data, with its index, comments and grants") {
  const auto result = plan_round_trip(std::string(reader_role) + "CREATE TABLE t (id int, amount int);", R"(
CREATE TABLE t (id int, amount int);
CREATE MATERIALIZED VIEW totals AS SELECT id, sum(amount) AS total FROM t GROUP BY id WITH NO DATA;
CREATE UNIQUE INDEX totals_id ON totals (id);
COMMENT ON MATERIALIZED VIEW totals IS 'per id';
COMMENT ON COLUMN totals.total IS 'sum';
GRANT SELECT ON totals TO plan_view_reader;
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  const Step &view = result.plan[0];
  CHECK(view.summary == "create materialized view public.totals");
  CHECK(view.up[0].starts_with("CREATE MATERIALIZED VIEW IF NOT EXISTS public.totals AS\n"));
  CHECK(view.up[0].ends_with("\nWITH NO DATA"));
  CHECK(view.down == std::vector<std::string>{"DROP MATERIALIZED VIEW IF EXISTS public.totals"});
  CHECK(result.plan[1].summary == "create index public.totals_id");
}

TEST_CASE("plan views: a materialized view's comments and grants change in place") {
  const auto result = plan_round_trip(std::string(reader_role) + R"(
CREATE TABLE t (id int);
CREATE MATERIALIZED VIEW m AS SELECT id FROM t;
COMMENT ON COLUMN m.id IS 'old';
)",
                                      R"(
CREATE TABLE t (id int);
CREATE MATERIALIZED VIEW m AS SELECT id FROM t;
COMMENT ON MATERIALIZED VIEW m IS 'new';
GRANT SELECT ON m TO plan_view_reader;
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  const Step &step = result.plan[0];
  CHECK(step.summary == "alter materialized view public.m");
  CHECK(step.up == std::vector<std::string>{"COMMENT ON MATERIALIZED VIEW public.m IS 'new'",
                                            "COMMENT ON COLUMN public.m.id IS NULL",
                                            "GRANT SELECT ON TABLE public.m TO plan_view_reader"});
}

TEST_CASE("plan views: a changed materialized view is re-created with its indexes, a dropped one goes in contract") {
  const auto result = plan_round_trip(R"(
CREATE TABLE t (id int, amount int);
CREATE MATERIALIZED VIEW totals AS SELECT id, sum(amount) AS total FROM t GROUP BY id;
CREATE UNIQUE INDEX totals_id ON totals (id);
CREATE MATERIALIZED VIEW gone AS SELECT id FROM t;
)",
                                      R"(
CREATE TABLE t (id int, amount int);
CREATE MATERIALIZED VIEW totals AS SELECT id, sum(amount) AS total, count(*) AS n FROM t GROUP BY id;
CREATE UNIQUE INDEX totals_id ON totals (id);
)");
  check_round_trip(result);
  const std::size_t drop_index = step_named(result.plan, "drop index public.totals_id");
  const std::size_t drop_view = step_named(result.plan, "drop materialized view public.totals");
  const std::size_t create_view = step_named(result.plan, "re-create materialized view public.totals");
  const std::size_t create_index = step_named(result.plan, "re-create index public.totals_id");
  CHECK(drop_index < drop_view);
  CHECK(drop_view < create_view);
  CHECK(create_view < create_index);
  const Step &gone = result.plan[step_named(result.plan, "drop materialized view public.gone")];
  CHECK(gone.phase == Phase::Contract);
  CHECK(has_hazard(gone, HazardKind::BreaksRunningCode));
}

TEST_CASE("plan views: hard names are quoted everywhere") {
  const auto result = plan_round_trip(R"(
CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Order" ("Total Amount" int, "select" int);
CREATE VIEW "My Schema"."select" AS SELECT "Total Amount", "select" FROM "My Schema"."Order";
)",
                                      R"(
CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Order" ("Total Amount" int, "select" int);
CREATE VIEW "My Schema"."select" AS SELECT "Total Amount", "select", 1 AS one FROM "My Schema"."Order";
COMMENT ON COLUMN "My Schema"."select"."Total Amount" IS 'it''s total';
CREATE VIEW "My Schema"."Big Orders" WITH (security_barrier) AS SELECT * FROM "My Schema"."select" WHERE "Total Amount" > 100;
CREATE MATERIALIZED VIEW "My Schema"."table" AS SELECT "select" FROM "My Schema"."Order";
COMMENT ON MATERIALIZED VIEW "My Schema"."table" IS 'reserved';
)");
  check_round_trip(result);
  const Step &select = result.plan[step_named(result.plan, "re-create view \"My Schema\".\"select\"")];
  CHECK(std::find(select.up.begin(), select.up.end(),
                  "COMMENT ON COLUMN \"My Schema\".\"select\".\"Total Amount\" IS 'it''s total'") != select.up.end());
  step_named(result.plan, "create view \"My Schema\".\"Big Orders\"");
  step_named(result.plan, "create materialized view \"My Schema\".\"table\"");
}

TEST_CASE("plan views: a new view starts from the default privileges on tables") {
  const auto result = plan_round_trip(std::string(reader_role) + "CREATE TABLE t (id int);", R"(
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO plan_view_reader;
CREATE TABLE t (id int);
CREATE VIEW v AS SELECT id FROM t;
CREATE MATERIALIZED VIEW m AS SELECT id FROM t;
)");
  check_round_trip(result);
  for (const char *summary : {"create view public.v", "create materialized view public.m"}) {
    const Step &step = result.plan[step_named(result.plan, summary)];
    CHECK(std::none_of(step.up.begin(), step.up.end(), [](const std::string &s) { return s.starts_with("GRANT"); }));
  }
}
