// A new primary key on a table with rows: its index is built CONCURRENTLY
// once the columns it reads exist, and the key takes it over once they are
// NOT NULL, so that ADD PRIMARY KEY scans nothing under its lock and the
// down can drop the columns' NOT NULL after the key.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include <catch2/catch.hpp>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Phase;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::has_hazard;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;

TEST_CASE("keys: a primary key on nullable columns waits for their validated NOT NULL, its index for new columns") {
  const auto result = plan_round_trip(
      "CREATE TABLE visits (account bigint, day date);\n"
      "INSERT INTO visits SELECT g, date '2024-01-01' + g % 300 FROM generate_series(1, 5000) g;\n",
      "CREATE TABLE visits (account bigint, day date, visit int NOT NULL DEFAULT 1, PRIMARY KEY (account, day, "
      "visit));\n",
      {}, "SELECT count(*) || ':' || count(DISTINCT day) FROM visits");
  check_round_trip(result);
  CHECK(result.probe_after_up == "5000:300");
  CHECK(result.probe_after_down == "5000:300");
  const std::size_t add_visit = step_named(result.plan, "add column public.visits.visit");
  const std::size_t build = step_named(result.plan, "build index public.visits_pkey for public.visits.visits_pkey");
  const std::size_t set_account = step_named(result.plan, "set NOT NULL on public.visits.account");
  const std::size_t set_day = step_named(result.plan, "set NOT NULL on public.visits.day");
  const std::size_t attach = step_named(result.plan, "add constraint public.visits.visits_pkey using its index");
  CHECK(add_visit < build);
  CHECK(set_account < attach);
  CHECK(set_day < attach);
  CHECK(result.plan[build].phase == Phase::Expand);
  CHECK(result.plan[attach].phase == Phase::Contract);
  CHECK_FALSE(has_hazard(result.plan[attach], HazardKind::FullScan));
}
