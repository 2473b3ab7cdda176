// Introspection of schemas, extensions, collations and user-defined types.

#include "schemadiff/source/introspect.hpp"

#include "support/test_database.hpp"

#include <catch2/catch.hpp>

// Expected objects are written with designated initializers that leave the
// other fields at their defaults on purpose; GCC 12 warns about that.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

using namespace schemadiff::model;
using schemadiff::source::introspect;
using schemadiff::testing::TestDatabase;

TEST_CASE("introspect: user schemas with their comments, never the system's") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE SCHEMA "Sales ""Data""";
    COMMENT ON SCHEMA "Sales ""Data""" IS 'sales';
    CREATE SCHEMA "user";
    CREATE TEMPORARY TABLE scratch (id int);
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  std::vector<std::string> names;
  for (const auto &[name, schema] : catalog.schemas) names.push_back(name);
  CHECK(names == std::vector<std::string>{"Sales \"Data\"", "public", "user"});
  CHECK(catalog.schemas.at("Sales \"Data\"").comment == "sales");
  CHECK_FALSE(catalog.schemas.at("user").comment);
}

TEST_CASE("introspect: an extension is recorded, the objects it owns are not") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE EXTENSION citext;
    COMMENT ON EXTENSION citext IS 'case-insensitive text';
    CREATE TABLE people (email citext PRIMARY KEY);
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  const std::string version = database.query_value("SELECT extversion FROM pg_extension WHERE extname = 'citext'");
  CHECK(catalog.extensions.at("citext") ==
        Extension{.name = "citext", .schema = "public", .version = version, .comment = "case-insensitive text"});
  CHECK(catalog.extensions.contains("plpgsql"));

  CHECK(catalog.routines.empty());
  CHECK(catalog.aggregates.empty());
  CHECK(catalog.domains.empty());
  CHECK(catalog.range_types.empty());
  CHECK(catalog.composite_types.empty());
  // The user's own table is there, its column typed with the extension's type.
  REQUIRE(catalog.tables.contains({"public", "people"}));
  CHECK(catalog.tables.at({"public", "people"}).columns.at(0).type == "public.citext");
}

TEST_CASE("introspect: collations, libc and ICU") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE SCHEMA "Text";
    CREATE COLLATION "Text"."Case Blind" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
    CREATE COLLATION "Text"."byte order" (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');
    COMMENT ON COLLATION "Text"."byte order" IS 'memcmp';
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  REQUIRE(catalog.collations.size() == 2);
  CHECK(catalog.collations.at({"Text", "Case Blind"}) ==
        Collation{
            .name = {"Text", "Case Blind"}, .provider = "icu", .locale = "und-u-ks-level2", .deterministic = false});
  CHECK(catalog.collations.at({"Text", "byte order"}) == Collation{.name = {"Text", "byte order"},
                                                                   .provider = "libc",
                                                                   .lc_collate = "C",
                                                                   .lc_ctype = "POSIX",
                                                                   .comment = "memcmp"});
}

TEST_CASE("introspect: enum labels in sort order, including ones added later") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE TYPE "Order Status" AS ENUM ('new', 'paid', 'shipped');
    ALTER TYPE "Order Status" ADD VALUE 'it''s "late"' BEFORE 'shipped';
    COMMENT ON TYPE "Order Status" IS 'the life of an order';
    CREATE TYPE "empty" AS ENUM ();
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  const EnumType &status = catalog.enums.at({"public", "Order Status"});
  CHECK(status.labels == std::vector<std::string>{"new", "paid", "it's \"late\"", "shipped"});
  CHECK(status.comment == "the life of an order");
  CHECK(catalog.enums.at({"public", "empty"}).labels.empty());
}

TEST_CASE("introspect: domains with base type, collation, default, NOT NULL and checks by name") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE SCHEMA "Money";
    CREATE DOMAIN "Money"."Amount" AS numeric(12,2) DEFAULT 1 NOT NULL
      CONSTRAINT "is positive" CHECK (VALUE > 0);
    CREATE TABLE "Money".ledger (x numeric);
    INSERT INTO "Money".ledger VALUES (5000);
    ALTER DOMAIN "Money"."Amount" ADD CONSTRAINT "below limit" CHECK (VALUE < 1000) NOT VALID;
    COMMENT ON CONSTRAINT "is positive" ON DOMAIN "Money"."Amount" IS 'no refunds here';
    COMMENT ON DOMAIN "Money"."Amount" IS 'an amount';
    CREATE DOMAIN "Money".code AS varchar(20) COLLATE "C";
    CREATE DOMAIN "Money".plain AS text;
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  CHECK(catalog.domains.at({"Money", "Amount"}) ==
        Domain{.name = {"Money", "Amount"},
               .base_type = "numeric(12,2)",
               .default_value = "1",
               .not_null = true,
               .checks = {DomainCheck{"below limit", "CHECK ((VALUE < (1000)::numeric))", false, std::nullopt},
                          DomainCheck{"is positive", "CHECK ((VALUE > (0)::numeric))", true, "no refunds here"}},
               .comment = "an amount",
               .privileges = {{"PUBLIC", "USAGE", false}}});
  CHECK(catalog.domains.at({"Money", "code"}).base_type == "character varying(20)");
  CHECK(catalog.domains.at({"Money", "code"}).collation == "\"C\"");
  CHECK_FALSE(catalog.domains.at({"Money", "plain"}).collation);
  CHECK_FALSE(catalog.domains.at({"Money", "plain"}).not_null);
}

TEST_CASE("introspect: composite types with attributes, collations and attribute comments, never row types") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE TYPE "Address" AS (street text COLLATE "C", "zip code" varchar(10), "order" int[]);
    COMMENT ON TYPE "Address" IS 'postal';
    COMMENT ON COLUMN "Address"."zip code" IS 'zip';
    CREATE TABLE has_a_row_type (id int);
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  REQUIRE(catalog.composite_types.size() == 1);
  CHECK(catalog.composite_types.at({"public", "Address"}) ==
        CompositeType{.name = {"public", "Address"},
                      .attributes = {{"street", "text", "\"C\"", std::nullopt},
                                     {"zip code", "character varying(10)", std::nullopt, "zip"},
                                     {"order", "integer[]", std::nullopt, std::nullopt}},
                      .comment = "postal",
                      .privileges = {{"PUBLIC", "USAGE", false}}});
}

TEST_CASE("introspect: range types with subtype, opclass, collation, functions and multirange") {
  const TestDatabase database;
  database.execute(R"sql(
    CREATE SCHEMA "Ranges";
    CREATE TYPE "Ranges"."Float Range" AS RANGE (subtype = float8, subtype_diff = float8mi,
                                                 multirange_type_name = "Ranges"."Float Ranges");
    COMMENT ON TYPE "Ranges"."Float Range" IS 'floats';
    CREATE TYPE "Ranges".textrange AS RANGE (subtype = text, collation = "C", subtype_opclass = text_pattern_ops);
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  REQUIRE(catalog.range_types.size() == 2);
  CHECK(catalog.range_types.at({"Ranges", "Float Range"}) == RangeType{.name = {"Ranges", "Float Range"},
                                                                       .subtype = "double precision",
                                                                       .subtype_diff_function = "float8mi",
                                                                       .multirange_name = "\"Ranges\".\"Float Ranges\"",
                                                                       .comment = "floats",
                                                                       .privileges = {{"PUBLIC", "USAGE", false}}});
  CHECK(catalog.range_types.at({"Ranges", "textrange"}) == RangeType{.name = {"Ranges", "textrange"},
                                                                     .subtype = "text",
                                                                     .subtype_opclass = "text_pattern_ops",
                                                                     .collation = "\"C\"",
                                                                     .multirange_name = "\"Ranges\".textmultirange",
                                                                     .privileges = {{"PUBLIC", "USAGE", false}}});
  // The constructors a range type makes for itself are part of it.
  CHECK(catalog.routines.empty());
}
