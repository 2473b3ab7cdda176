#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include <catch2/catch.hpp>

using schemadiff::testing::check_round_trip;
using schemadiff::testing::has_hazard;
using schemadiff::testing::has_statement;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;
using schemadiff::testing::step_starting;
using schemadiff::testing::PlanRoundTrip;

namespace {

} // namespace

TEST_CASE("plan: a new table with keys, checks and a foreign key to another new table") {
  const auto result = plan_round_trip("", R"(
CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL CHECK (name <> ''));
CREATE TABLE books (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author bigint REFERENCES authors, title text UNIQUE);
COMMENT ON TABLE books IS 'books';
COMMENT ON COLUMN books.title IS 'the title';
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 3);
  CHECK(result.plan[2].summary == "add constraint public.books.books_author_fkey");
}

TEST_CASE("plan: dropping a table is a contract step that loses data") {
  const auto result = plan_round_trip("CREATE TABLE old (id int PRIMARY KEY, note text); CREATE TABLE kept (id int);",
                                      "CREATE TABLE kept (id int);");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 1);
  CHECK(result.plan[0].phase == schemadiff::plan::Phase::Contract);
  CHECK(result.plan[0].hazards.front().kind == schemadiff::plan::HazardKind::DataLoss);
}

TEST_CASE("plan: columns added, dropped and altered in type, default, nullability and comment") {
  check_round_trip(plan_round_trip(
      "CREATE TABLE t (id int PRIMARY KEY, gone text, amount int DEFAULT 0, note varchar(10), flag boolean NOT NULL);",
      "CREATE TABLE t (id int PRIMARY KEY, amount bigint DEFAULT 1, note varchar(20) NOT NULL, flag boolean, added text);\n"
      "COMMENT ON COLUMN t.amount IS 'cents';"));
}

TEST_CASE("plan: a column type change re-creates the view that reads it") {
  const auto result = plan_round_trip(
      "CREATE TABLE t (id int, amount int); CREATE VIEW v AS SELECT id, amount FROM t;",
      "CREATE TABLE t (id int, amount bigint); CREATE VIEW v AS SELECT id, amount FROM t;");
  check_round_trip(result);
  // drop the view, alter the column, create the view
  REQUIRE(result.plan.size() >= 1);
}

TEST_CASE("plan: constraints added and dropped on existing tables, and an index changed") {
  check_round_trip(plan_round_trip(
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p int, CONSTRAINT c_p_check CHECK (p > 0));"
      "CREATE INDEX c_p_idx ON c (p);",
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int UNIQUE, p int REFERENCES p);"
      "CREATE INDEX c_p_idx ON c (p DESC);"));
}

TEST_CASE("plan: identical schemas give no steps") {
  const auto result = plan_round_trip("CREATE TABLE t (id int PRIMARY KEY);", "CREATE TABLE t (id int PRIMARY KEY);");
  CHECK(result.plan.empty());
  check_round_trip(result);
}
