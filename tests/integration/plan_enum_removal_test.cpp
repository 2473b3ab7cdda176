// Removing or reordering the labels of an enum that columns use
// (hazards.md): a new type takes the old one's place and the columns are
// converted, in one destructive contract step; rows holding a label that
// goes are counted, and make the up fail rather than lose their value.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/plan/build.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::has_hazard;
using schemadiff::testing::has_statement;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_starting;

namespace {

// 10,000 orders; `void` only when asked for (every 400th row: 25 rows).
std::string orders(const std::string &labels, bool with_void) {
  return "CREATE TYPE order_status AS ENUM (" + labels + R"();
CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'new',
                     previous order_status, note text);
CREATE INDEX orders_status_idx ON orders (status);
COMMENT ON TYPE order_status IS 'where an order is';
INSERT INTO orders SELECT g, CASE WHEN g % 400 = 0 AND )" +
         (with_void ? "true" : "false") + R"( THEN 'void' WHEN g % 3 = 0 THEN 'paid' ELSE 'new' END::order_status,
                          CASE WHEN g % 2 = 0 THEN 'new' END::order_status, 'n' || g
  FROM generate_series(1, 10000) g;
ANALYZE orders;
)";
}

const std::string wanted = R"(
CREATE TYPE order_status AS ENUM ('paid', 'new', 'shipped');
CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'new', previous order_status, note text);
CREATE INDEX orders_status_idx ON orders (status);
COMMENT ON TYPE order_status IS 'where an order is';
)";

const std::string probe = "SELECT string_agg(status::text || ':' || n, ',' ORDER BY status::text) FROM "
                          "(SELECT status, count(*) n FROM orders GROUP BY status) s";

const schemadiff::plan::Hazard &hazard_of(const Step &step, HazardKind kind) {
  const auto found =
      std::find_if(step.hazards.begin(), step.hazards.end(), [&](const auto &h) { return h.kind == kind; });
  REQUIRE(found != step.hazards.end());
  return *found;
}

} // namespace

TEST_CASE("enum label removal: columns in use are converted to a new type in one destructive contract step") {
  const auto result = plan_round_trip(orders("'new', 'paid', 'void', 'shipped'", false), wanted, {}, probe);
  check_round_trip(result);
  CHECK(result.probe_after_up == "new:6667,paid:3333");
  CHECK(result.probe_after_down == "new:6667,paid:3333");
  REQUIRE(result.plan.size() == 1);
  const Step &step = result.plan.front();
  CHECK(step.summary == "replace enum type public.order_status, converting its columns");
  CHECK(step.phase == Phase::Contract);
  CHECK(step.lock == Lock::AccessExclusive);
  CHECK(has_hazard(step, HazardKind::TableRewrite));
  CHECK_THAT(hazard_of(step, HazardKind::DataLoss).reason,
             Catch::Contains("the labels 'void' leave public.order_status") &&
                 Catch::Contains("public.orders.status: 0 of ~10,000 rows") &&
                 Catch::Contains("public.orders.previous: 0 of ~10,000 rows"));
  CHECK(has_statement(step, "ALTER TYPE public.order_status RENAME TO \"order_status~old\""));
  CHECK(has_statement(step, "ALTER TABLE public.orders ALTER COLUMN status TYPE public.order_status USING "
                            "status::text::public.order_status, ALTER COLUMN previous TYPE public.order_status USING "
                            "previous::text::public.order_status"));
  CHECK(has_statement(step, "DROP TYPE public.\"order_status~old\""));
}

TEST_CASE("enum label removal: rows holding a label that goes are counted, and the up fails on them") {
  const auto result = plan_round_trip(orders("'new', 'paid', 'void', 'shipped'", true), wanted, {}, probe);
  CHECK_THAT(result.failure, Catch::Contains("invalid input value for enum") && Catch::Contains("void"));
  const Step &step = step_starting(result.plan, "replace enum type public.order_status");
  CHECK(step.phase == Phase::Contract);
  CHECK_THAT(hazard_of(step, HazardKind::DataLoss).reason,
             Catch::Contains("public.orders.status: 25 of ~10,000 rows") &&
                 Catch::Contains("public.orders.previous: 0 of ~10,000 rows"));
}

TEST_CASE("enum label removal: reordering labels converts too, without a data-loss hazard") {
  const auto result = plan_round_trip(orders("'new', 'paid', 'shipped'", false),
                                      "CREATE TYPE order_status AS ENUM ('shipped', 'paid', 'new');\n" +
                                          wanted.substr(wanted.find(";") + 1),
                                      {}, probe);
  check_round_trip(result);
  CHECK(result.probe_after_up == "new:6667,paid:3333");
  const Step &step = step_starting(result.plan, "replace enum type public.order_status");
  CHECK(step.phase == Phase::Contract);
  CHECK_FALSE(has_hazard(step, HazardKind::DataLoss));
  CHECK(has_hazard(step, HazardKind::BreaksRunningCode));
}

TEST_CASE("enum label removal: a view reading the column is re-created around the conversion") {
  const std::string view = "CREATE VIEW open_orders AS SELECT id, status FROM orders WHERE status <> 'paid';";
  const auto result =
      plan_round_trip(orders("'new', 'paid', 'void', 'shipped'", false) + view, wanted + view, {}, probe);
  check_round_trip(result);
  CHECK(result.probe_after_down == "new:6667,paid:3333");
  CHECK(schemadiff::testing::summaries(result.plan) ==
        std::vector<std::string>{"drop view public.open_orders",
                                 "replace enum type public.order_status, converting its columns",
                                 "re-create view public.open_orders"});
  // Not dropped in the expand phase: it would be missing until the contract one.
  for (const Step &step : result.plan) {
    INFO(step.summary);
    CHECK(step.phase == Phase::Contract);
  }
}

TEST_CASE("enum label removal: a column a trigger names is still refused: ALTER TYPE cannot convert it") {
  const std::string trigger = R"(
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_status_touch BEFORE UPDATE OF status ON orders FOR EACH ROW EXECUTE FUNCTION touch();
)";
  CHECK_THROWS_AS(plan_round_trip(orders("'new', 'paid', 'void', 'shipped'", false) + trigger, wanted + trigger),
                  schemadiff::Error);
}
