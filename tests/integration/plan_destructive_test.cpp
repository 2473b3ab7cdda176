// Destructive steps are recognisable as data: dropping a table or a
// column, narrowing a type, removing enum labels — each in the contract
// phase with a DataLoss hazard (what `write` refuses without
// --allow-destructive), and nothing else carries one.

#include "support/child_run.hpp"
#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Phase;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::has_hazard;
using schemadiff::testing::plan_round_trip;

namespace {

const std::string old_schema = R"(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'gone');
CREATE TABLE people (id bigint PRIMARY KEY, name varchar(100), nickname text, mood mood, age integer);
CREATE TABLE audit (id bigint PRIMARY KEY, what text);
INSERT INTO people SELECT g, 'person ' || g, 'p' || g, (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::mood, g % 90
  FROM generate_series(1, 10000) g;
INSERT INTO audit SELECT g, 'event ' || g FROM generate_series(1, 10000) g;
ANALYZE people;
ANALYZE audit;
)";

const std::string new_schema = R"(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (id bigint PRIMARY KEY, name varchar(40), mood mood, age smallint, email text);
)";

} // namespace

TEST_CASE("destructive steps: drops, narrowing and enum label removal are contract steps with a DataLoss hazard") {
  const auto result = plan_round_trip(old_schema, new_schema, {},
                                      "SELECT count(*) || ':' || count(DISTINCT name) || ':' || sum(age) FROM people");
  check_round_trip(result);
  CHECK(result.probe_after_up == "10000:10000:444610");
  CHECK(result.probe_after_down == "10000:10000:444610");
  const std::vector<std::string> destructive = {"drop table public.audit", "drop column public.people.nickname",
                                                "alter column public.people.name", "alter column public.people.age",
                                                "replace enum type public.mood, converting its columns"};
  for (const std::string &summary : destructive) {
    const Step &step = schemadiff::testing::step_starting(result.plan, summary);
    INFO(summary);
    CHECK(step.phase == Phase::Contract);
    CHECK(has_hazard(step, HazardKind::DataLoss));
  }
  for (const Step &step : result.plan) {
    if (std::find(destructive.begin(), destructive.end(), step.summary) != destructive.end()) continue;
    INFO(step.summary);
    CHECK_FALSE(has_hazard(step, HazardKind::DataLoss));
  }
}

TEST_CASE("destructive steps: plan --db counts the rows a narrowing would not fit on the live database") {
  const schemadiff::testing::ScratchDirectory here;
  const schemadiff::testing::TestDatabase live;
  live.execute(old_schema);
  here.write("schema/app.sql", new_schema);
  const auto result =
      schemadiff::testing::run_schemadiff({{"plan", "--db", live.conninfo(), "--dev-url",
                                            schemadiff::testing::shared_cluster_conninfo(), "--format", "json"},
                                           {{"DATABASE_URL", ""}, {"TMPDIR", here.path().string()}},
                                           here.path()});
  INFO(result.err);
  CHECK(result.status == 0);
  // Names of 8 to 12 characters: none over 40.
  CHECK_THAT(result.out, Catch::Contains("0 of ~10,000 rows of public.people do not fit character varying(40) now"));
  CHECK_THAT(result.out, Catch::Contains("0 of ~10,000 rows of public.people do not fit smallint now"));
  CHECK_THAT(result.out, Catch::Contains("public.people.mood: 0 of ~10,000 rows"));
}
