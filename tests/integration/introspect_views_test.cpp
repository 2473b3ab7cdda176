// Introspection of views and materialized views: definitions, options,
// columns and their comments, and what their queries read.

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

constexpr const char *views_fixture = R"sql(
CREATE SCHEMA "Sales Data";
CREATE TABLE "Sales Data"."order" (id bigint PRIMARY KEY, "user" text NOT NULL, total numeric, unused int);
CREATE TABLE "Sales Data".refund (order_id bigint, amount numeric);
CREATE FUNCTION "Sales Data"."Net"(amount numeric, fee numeric DEFAULT 0) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS 'SELECT amount - fee';
CREATE VIEW "Sales Data"."user" WITH (security_barrier = true) AS
  SELECT o.id, o."user" AS "Who ""Ordered""", "Sales Data"."Net"(o.total) AS net
  FROM "Sales Data"."order" o
  WHERE o.id > 0
  WITH LOCAL CHECK OPTION;
COMMENT ON VIEW "Sales Data"."user" IS 'orders by user';
COMMENT ON COLUMN "Sales Data"."user"."Who ""Ordered""" IS 'the buyer';
CREATE VIEW "Sales Data".over_view AS
  SELECT u.id, r.amount FROM "Sales Data"."user" u JOIN "Sales Data".refund r ON r.order_id = u.id;
CREATE MATERIALIZED VIEW "Sales Data"."Totals" WITH (fillfactor = 50) AS
  SELECT "user", sum(total) AS total FROM "Sales Data"."order" GROUP BY "user"
  WITH NO DATA;
COMMENT ON MATERIALIZED VIEW "Sales Data"."Totals" IS 'per user';
COMMENT ON COLUMN "Sales Data"."Totals".total IS 'all orders';
CREATE MATERIALIZED VIEW "Sales Data".populated AS SELECT 1 AS one;
)sql";

} // namespace

TEST_CASE("introspect: a view's definition, options, columns, column comments and what it reads") {
  const TestDatabase database;
  database.execute(views_fixture);
  const Catalog catalog = introspect(database.conninfo());

  CHECK(catalog.views.at({"Sales Data", "user"}) ==
        View{.name = {"Sales Data", "user"},
             .definition = " SELECT o.id,\n"
                           "    o.\"user\" AS \"Who \"\"Ordered\"\"\",\n"
                           "    \"Sales Data\".\"Net\"(o.total) AS net\n"
                           "   FROM \"Sales Data\".\"order\" o\n"
                           "  WHERE o.id > 0;",
             .options = {"security_barrier=true", "check_option=local"},
             .columns = {"id", "Who \"Ordered\"", "net"},
             .column_comments = {{"Who \"Ordered\"", "the buyer"}},
             .depends_on = {.relations = {{"Sales Data", "order"}},
                            .routines = {{"Sales Data", "Net", "amount numeric, fee numeric"}}},
             .comment = "orders by user",
             .privileges = {}});
}

TEST_CASE("introspect: a view over a view depends on the view and the table it joins, sorted") {
  const TestDatabase database;
  database.execute(views_fixture);
  const Catalog catalog = introspect(database.conninfo());

  const View &over_view = catalog.views.at({"Sales Data", "over_view"});
  CHECK(over_view.depends_on.relations == std::vector<QualifiedName>{{"Sales Data", "refund"}, {"Sales Data", "user"}});
  CHECK(over_view.depends_on.routines.empty());
  CHECK(over_view.columns == std::vector<std::string>{"id", "amount"});
  CHECK(over_view.column_comments.empty());
}

TEST_CASE("introspect: materialized views, populated or not, with their comments and options") {
  const TestDatabase database;
  database.execute(views_fixture);
  const Catalog catalog = introspect(database.conninfo());

  REQUIRE(catalog.materialized_views.size() == 2);
  CHECK(catalog.materialized_views.at({"Sales Data", "Totals"}) ==
        MaterializedView{.name = {"Sales Data", "Totals"},
                         .definition = " SELECT \"order\".\"user\",\n"
                                       "    sum(\"order\".total) AS total\n"
                                       "   FROM \"Sales Data\".\"order\"\n"
                                       "  GROUP BY \"order\".\"user\";",
                         .options = {"fillfactor=50"},
                         .columns = {"user", "total"},
                         .column_comments = {{"total", "all orders"}},
                         .populated = false,
                         .depends_on = {.relations = {{"Sales Data", "order"}}},
                         .comment = "per user"});
  CHECK(catalog.materialized_views.at({"Sales Data", "populated"}).populated);
  CHECK(catalog.views.size() == 2);
}

TEST_CASE("introspect: dependencies between objects name columns, extensions and what a default uses") {
  const TestDatabase database;
  database.execute(views_fixture);
  database.execute(R"sql(
    CREATE EXTENSION citext;
    CREATE TABLE "Sales Data".customer (id serial PRIMARY KEY, email citext, tags citext[]);
    ALTER TABLE "Sales Data".refund ADD CONSTRAINT refund_order FOREIGN KEY (order_id)
      REFERENCES "Sales Data"."order" (id);
  )sql");
  const Catalog catalog = introspect(database.conninfo());
  const auto needs = [&](ObjectRef object) {
    const auto found = catalog.dependencies.find(object);
    return found == catalog.dependencies.end() ? std::vector<ObjectRef>{} : found->second;
  };
  const auto column = [](std::string table, std::string name) {
    return ObjectRef{ObjectKind::Column, "Sales Data", std::move(table), std::move(name)};
  };

  CHECK(needs({ObjectKind::View, "Sales Data", "user", ""}) ==
        std::vector<ObjectRef>{{ObjectKind::Schema, "Sales Data", "", ""},
                               column("order", "id"),
                               column("order", "total"),
                               column("order", "user"),
                               {ObjectKind::Routine, "Sales Data", "Net", "amount numeric, fee numeric"}});
  CHECK(needs({ObjectKind::View, "Sales Data", "over_view", ""}) ==
        std::vector<ObjectRef>{{ObjectKind::Schema, "Sales Data", "", ""},
                               column("refund", "amount"),
                               column("refund", "order_id"),
                               {ObjectKind::View, "Sales Data", "user", ""}});
  // A column of an extension's type (or an array of it) needs the extension.
  CHECK(needs(column("customer", "email")) == std::vector<ObjectRef>{{ObjectKind::Extension, "", "citext", ""}});
  CHECK(needs(column("customer", "tags")) == std::vector<ObjectRef>{{ObjectKind::Extension, "", "citext", ""}});
  // A serial column's default needs its sequence; OWNED BY is no dependency
  // the other way round, or the two could never be created.
  CHECK(needs(column("customer", "id")) ==
        std::vector<ObjectRef>{{ObjectKind::Sequence, "Sales Data", "customer_id_seq", ""}});
  CHECK(needs({ObjectKind::Sequence, "Sales Data", "customer_id_seq", ""}) ==
        std::vector<ObjectRef>{{ObjectKind::Schema, "Sales Data", "", ""}});
  CHECK(needs({ObjectKind::Constraint, "Sales Data", "refund", "refund_order"}) ==
        std::vector<ObjectRef>{
            column("order", "id"), column("refund", "order_id"), {ObjectKind::Index, "Sales Data", "order_pkey", ""}});
  CHECK(needs({ObjectKind::Extension, "", "citext", ""}) ==
        std::vector<ObjectRef>{{ObjectKind::Schema, "public", "", ""}});
  // Nothing an extension owns appears, needing or needed.
  for (const auto &[object, needed] : catalog.dependencies) {
    CHECK((object.kind == ObjectKind::Extension || object.name != "citext"));
    for (const ObjectRef &need : needed) CHECK((need.kind == ObjectKind::Extension || need.name != "citext"));
  }
}
