// Introspection of indexes: definitions, keys taken apart, constraint-backed
// and partition indexes, invalid indexes.

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

constexpr const char *lines_fixture = R"sql(
CREATE SCHEMA "Sales Data";
CREATE TABLE "Sales Data"."order" (
  id bigint PRIMARY KEY,
  "user" text NOT NULL,
  "Ünïcode ""quoted""" text COLLATE "C",
  at timestamptz,
  CONSTRAINT "One Per User" UNIQUE NULLS NOT DISTINCT ("user", at)
);
CREATE INDEX "Recent ""Orders""" ON "Sales Data"."order" USING btree
  (at DESC NULLS LAST, lower("user") COLLATE "C" text_pattern_ops, "Ünïcode ""quoted""" NULLS FIRST)
  INCLUDE (id) WITH (fillfactor = 80) WHERE at IS NOT NULL;
COMMENT ON INDEX "Sales Data"."Recent ""Orders""" IS 'for the dashboard';
CREATE INDEX by_user_hash ON "Sales Data"."order" USING hash ("user");
CREATE INDEX by_unicode_text ON "Sales Data"."order" ("Ünïcode ""quoted""" COLLATE "default");
)sql";

const QualifiedName order_table{"Sales Data", "order"};

} // namespace

TEST_CASE("introspect: an index's definition, keys, INCLUDE columns, predicate, options and comment") {
  const TestDatabase database;
  database.execute(lines_fixture);
  const Catalog catalog = introspect(database.conninfo());

  CHECK(catalog.indexes.at({"Sales Data", "Recent \"Orders\""}) ==
        Index{.name = {"Sales Data", "Recent \"Orders\""},
              .table = order_table,
              .definition = "CREATE INDEX \"Recent \"\"Orders\"\"\" ON \"Sales Data\".\"order\" USING btree "
                            "(at DESC NULLS LAST, lower(\"user\") COLLATE \"C\" text_pattern_ops, "
                            "\"Ünïcode \"\"quoted\"\"\" NULLS FIRST) INCLUDE (id) WITH (fillfactor='80') "
                            "WHERE (at IS NOT NULL)",
              .method = "btree",
              .keys = {IndexKey{"at", std::nullopt, std::nullopt, true, false},
                       IndexKey{"lower(\"user\")", "\"C\"", "text_pattern_ops", false, false},
                       IndexKey{"\"Ünïcode \"\"quoted\"\"\"", std::nullopt, std::nullopt, false, true}},
              .include = {"id"},
              .predicate = "(at IS NOT NULL)",
              .options = {"fillfactor=80"},
              .comment = "for the dashboard"});
}

TEST_CASE("introspect: a key's collation is reported only when it is not the column's own") {
  const TestDatabase database;
  database.execute(lines_fixture);
  const Catalog catalog = introspect(database.conninfo());

  // The column is COLLATE "C"; the index asks for the database default.
  CHECK(catalog.indexes.at({"Sales Data", "by_unicode_text"}).keys ==
        std::vector<IndexKey>{{"\"Ünïcode \"\"quoted\"\"\"", "\"default\"", std::nullopt, false, false}});
  CHECK(catalog.indexes.at({"Sales Data", "by_user_hash"}).method == "hash");
  CHECK(catalog.indexes.at({"Sales Data", "by_user_hash"}).keys ==
        std::vector<IndexKey>{{"\"user\"", std::nullopt, std::nullopt, false, false}});
}

TEST_CASE("introspect: indexes backing a constraint are recorded and name it") {
  const TestDatabase database;
  database.execute(lines_fixture);
  const Catalog catalog = introspect(database.conninfo());

  const Index &primary_key = catalog.indexes.at({"Sales Data", "order_pkey"});
  CHECK(primary_key.constraint == "order_pkey");
  CHECK(primary_key.unique);
  CHECK(primary_key.definition == "CREATE UNIQUE INDEX order_pkey ON \"Sales Data\".\"order\" USING btree (id)");

  const Index &unique = catalog.indexes.at({"Sales Data", "One Per User"});
  CHECK(unique.constraint == "One Per User");
  CHECK(unique.unique);
  CHECK(unique.nulls_not_distinct);
  CHECK(unique.keys.size() == 2);

  CHECK_FALSE(catalog.indexes.at({"Sales Data", "Recent \"Orders\""}).constraint);
  CHECK(catalog.indexes.size() == 5);
}

TEST_CASE("introspect: a failed CREATE INDEX CONCURRENTLY leaves an invalid index, read as such") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE TABLE "Dupes" (code text);
    INSERT INTO "Dupes" VALUES ('a'), ('a');
  )sql");
  CHECK_THROWS(database.execute(R"sql(CREATE UNIQUE INDEX CONCURRENTLY "Dupes Code" ON "Dupes" (code))sql"));
  const Catalog catalog = introspect(database.conninfo());

  const Index &index = catalog.indexes.at({"public", "Dupes Code"});
  CHECK_FALSE(index.valid);
  CHECK(index.unique);
  database.execute("CREATE UNIQUE INDEX fine ON \"Dupes\" (code) WHERE code <> 'a'");
  CHECK(introspect(database.conninfo()).indexes.at({"public", "fine"}).valid);
}

TEST_CASE("introspect: a partition's index is attached to the partitioned table's") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE TABLE events (id int, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
    CREATE INDEX events_at ON events (at);
    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  const Index &parent = catalog.indexes.at({"public", "events_at"});
  CHECK_FALSE(parent.parent_index);
  CHECK(parent.definition == "CREATE INDEX events_at ON ONLY public.events USING btree (at)");
  const Index &partition = catalog.indexes.at({"public", "events_2024_at_idx"});
  CHECK(partition.parent_index == QualifiedName{"public", "events_at"});
  CHECK(partition.table == QualifiedName{"public", "events_2024"});

  CHECK(catalog.indexes.at({"public", "events_pkey"}).constraint == "events_pkey");
  // The partition's key index comes with the parent's constraint, not one of its own.
  const Index &partition_key = catalog.indexes.at({"public", "events_2024_pkey"});
  CHECK(partition_key.parent_index == QualifiedName{"public", "events_pkey"});
  CHECK_FALSE(partition_key.constraint);
}

TEST_CASE("introspect: indexes of materialized views") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE MATERIALIZED VIEW totals AS SELECT 1 AS n;
    CREATE UNIQUE INDEX totals_n ON totals (n);
  )sql");
  const Catalog catalog = introspect(database.conninfo());
  CHECK(catalog.indexes.at({"public", "totals_n"}).table == QualifiedName{"public", "totals"});
}
