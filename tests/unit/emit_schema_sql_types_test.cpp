// The SQL each schema-level and type kind renders to: schemas, extensions,
// collations, enums, domains, composite and range types.

#include "schemadiff/emit/schema_sql.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using emit::render_schema_sql;

namespace {

const std::string preamble = "-- settings for loading this file\n"
                             "SET check_function_bodies = false;\n"
                             "SELECT pg_catalog.set_config('search_path', '', false);\n";

// What follows the settings every file starts with.
std::string body(const model::Catalog &catalog) {
  const std::string sql = render_schema_sql(catalog);
  REQUIRE(sql.substr(0, preamble.size()) == preamble);
  return sql.size() == preamble.size() ? "" : sql.substr(preamble.size() + 1);
}

} // namespace

TEST_CASE("emit sql: an empty catalog gives only the loading settings") {
  CHECK(render_schema_sql(model::Catalog{}) == preamble);
}

TEST_CASE("emit sql: schemas are created with hard names quoted, public is taken as existing") {
  model::Catalog catalog;
  catalog.schemas["Sales \"EU\""] = {"Sales \"EU\"", "it's ours", {}};
  catalog.schemas["public"] = {"public", "standard public schema", {{"PUBLIC", "USAGE", false}}};
  CHECK(body(catalog) == "-- schema \"Sales \"\"EU\"\"\"\n"
                         "CREATE SCHEMA \"Sales \"\"EU\"\"\";\n"
                         "\n"
                         "-- comments on schema \"Sales \"\"EU\"\"\"\n"
                         "COMMENT ON SCHEMA \"Sales \"\"EU\"\"\" IS 'it''s ours';\n");
}

TEST_CASE("emit sql: the public schema states only how it differs from a new database's") {
  model::Catalog catalog;
  catalog.schemas["public"] = {"public", std::nullopt, {{"app", "CREATE", false}}};
  CHECK(body(catalog) == "-- comments on schema public\n"
                         "COMMENT ON SCHEMA public IS NULL;\n"
                         "\n"
                         "-- privileges on schema public\n"
                         "REVOKE USAGE ON SCHEMA public FROM PUBLIC;\n"
                         "GRANT CREATE ON SCHEMA public TO app;\n");

  SECTION("before PostgreSQL 15 a new public schema also let everyone CREATE") {
    catalog.server_version_num = 140000;
    catalog.schemas["public"] = {"public", "standard public schema", {{"PUBLIC", "USAGE", false}}};
    CHECK(body(catalog) == "-- privileges on schema public\n"
                           "REVOKE CREATE ON SCHEMA public FROM PUBLIC;\n");
  }
}

TEST_CASE("emit sql: an extension is created if missing, in its schema, at its version") {
  model::Catalog catalog;
  catalog.extensions["uuid-ossp"] = {"uuid-ossp", "My Ext", "1.1", std::nullopt};
  catalog.extensions["citext"] = {"citext", "", "", std::nullopt};
  CHECK(body(catalog) == "-- extension citext\n"
                         "CREATE EXTENSION IF NOT EXISTS citext;\n"
                         "\n"
                         "-- extension \"uuid-ossp\"\n"
                         "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA \"My Ext\" VERSION '1.1';\n");
}

TEST_CASE("emit sql: collations state their provider and locales") {
  model::Catalog catalog;
  catalog.collations[{"public", "Nocase"}] = {{"public", "Nocase"}, "icu", "und-u-ks-level2", std::nullopt,
                                              std::nullopt,         false, std::nullopt};
  catalog.collations[{"public", "posix"}] = {{"public", "posix"}, "libc", std::nullopt, "C", "C", true, std::nullopt};
  CHECK(body(catalog) ==
        "-- collation public.\"Nocase\"\n"
        "CREATE COLLATION public.\"Nocase\" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n"
        "\n"
        "-- collation public.posix\n"
        "CREATE COLLATION public.posix (provider = libc, lc_collate = 'C', lc_ctype = 'C');\n");
}

TEST_CASE("emit sql: enum labels are literals in their sort order") {
  model::Catalog catalog;
  catalog.enums[{"public", "mood"}] = {{"public", "mood"}, {"sad", "it's ok", "happy \xF0\x9F\x98\x80"}, {}, {}};
  catalog.enums[{"public", "nothing"}] = {{"public", "nothing"}, {}, {}, {}};
  const std::string sql = body(catalog);
  CHECK_THAT(sql, Catch::StartsWith("-- enum type public.mood\n"
                                    "CREATE TYPE public.mood AS ENUM (\n"
                                    "    'sad',\n"
                                    "    'it''s ok',\n"
                                    "    'happy \xF0\x9F\x98\x80'\n"
                                    ");\n"
                                    "\n"
                                    "-- enum type public.nothing\n"
                                    "CREATE TYPE public.nothing AS ENUM ();\n"));
  // Without USAGE for PUBLIC in the catalog, the new types' default is revoked.
  CHECK_THAT(sql, Catch::Contains("REVOKE USAGE ON TYPE public.mood FROM PUBLIC;\n"));
}

TEST_CASE("emit sql: a domain states its base type, collation, default, NOT NULL and checks") {
  model::Catalog catalog;
  model::Domain domain;
  domain.name = {"public", "User Code"};
  domain.base_type = "character varying(20)";
  domain.collation = "pg_catalog.\"C\"";
  domain.default_value = "'x'::character varying";
  domain.not_null = true;
  domain.checks = {{"long enough", "CHECK ((length((VALUE)::text) > 2))", true, "three or more"},
                   {"user", "CHECK (((VALUE)::text <> 'user'::text))", true, std::nullopt}};
  domain.privileges = {{"PUBLIC", "USAGE", false}};
  catalog.domains[domain.name] = domain;
  CHECK(body(catalog) == "-- domain public.\"User Code\"\n"
                         "CREATE DOMAIN public.\"User Code\" AS character varying(20) COLLATE pg_catalog.\"C\" DEFAULT "
                         "'x'::character varying NOT NULL\n"
                         "    CONSTRAINT \"long enough\" CHECK ((length((VALUE)::text) > 2))\n"
                         "    CONSTRAINT \"user\" CHECK (((VALUE)::text <> 'user'::text));\n"
                         "\n"
                         "-- comments on domain public.\"User Code\"\n"
                         "COMMENT ON CONSTRAINT \"long enough\" ON DOMAIN public.\"User Code\" IS 'three or more';\n");
}

TEST_CASE("emit sql: domain checks that are not validated or call routines wait for the routines") {
  model::Catalog catalog;
  model::Domain domain;
  domain.name = {"public", "email"};
  domain.base_type = "text";
  domain.default_value = "public.default_email()";
  domain.checks = {{"email_check", "CHECK (public.is_email(VALUE))", true, std::nullopt},
                   {"short", "CHECK ((length(VALUE) < 100))", false, std::nullopt},
                   {"valid", "CHECK ((VALUE <> ''::text))", true, std::nullopt}};
  domain.privileges = {{"PUBLIC", "USAGE", false}};
  catalog.domains[domain.name] = domain;
  for (const char *name : {"is_email", "default_email"}) {
    model::Routine routine;
    routine.key = {"public", name, ""};
    routine.definition = std::string("CREATE OR REPLACE FUNCTION public.") + name + "()\n";
    routine.privileges = {{"PUBLIC", "EXECUTE", false}};
    catalog.routines[routine.key] = routine;
  }
  const std::string sql = body(catalog);
  CHECK_THAT(sql, Catch::StartsWith("-- domain public.email\n"
                                    "CREATE DOMAIN public.email AS text\n"
                                    "    CONSTRAINT valid CHECK ((VALUE <> ''::text));\n"));
  CHECK_THAT(sql, Catch::EndsWith("-- domain public.email, continued\n"
                                  "ALTER DOMAIN public.email SET DEFAULT public.default_email();\n"
                                  "ALTER DOMAIN public.email ADD CONSTRAINT email_check CHECK "
                                  "(public.is_email(VALUE));\n"
                                  "ALTER DOMAIN public.email ADD CONSTRAINT short CHECK ((length(VALUE) < 100)) "
                                  "NOT VALID;\n"));
}

TEST_CASE("emit sql: composite types list their attributes with reserved and quoted names") {
  model::Catalog catalog;
  model::CompositeType type;
  type.name = {"public", "line"};
  type.attributes = {{"order", "integer", std::nullopt, "position"},
                     {"user", "text", "pg_catalog.\"C\"", std::nullopt},
                     {"say \"hi\"", "text[]", std::nullopt, std::nullopt}};
  type.privileges = {{"PUBLIC", "USAGE", false}, {"app", "USAGE", true}};
  catalog.composite_types[type.name] = type;
  CHECK(body(catalog) == "-- composite type public.line\n"
                         "CREATE TYPE public.line AS (\n"
                         "    \"order\" integer,\n"
                         "    \"user\" text COLLATE pg_catalog.\"C\",\n"
                         "    \"say \"\"hi\"\"\" text[]\n"
                         ");\n"
                         "\n"
                         "-- comments on composite type public.line\n"
                         "COMMENT ON COLUMN public.line.\"order\" IS 'position';\n"
                         "\n"
                         "-- privileges on composite type public.line\n"
                         "GRANT USAGE ON TYPE public.line TO app WITH GRANT OPTION;\n");
}

TEST_CASE("emit sql: range types state the options they have") {
  model::Catalog catalog;
  model::RangeType range;
  range.name = {"public", "timerange"};
  range.subtype = "time without time zone";
  range.subtype_opclass = "pg_catalog.time_ops";
  range.subtype_diff_function = "public.time_diff";
  range.multirange_name = "public.timemultirange";
  range.comment = "times of day";
  range.privileges = {{"PUBLIC", "USAGE", false}};
  catalog.range_types[range.name] = range;
  CHECK(body(catalog) == "-- range type public.timerange\n"
                         "CREATE TYPE public.timerange AS RANGE (\n"
                         "    subtype = time without time zone,\n"
                         "    subtype_opclass = pg_catalog.time_ops,\n"
                         "    subtype_diff = public.time_diff,\n"
                         "    multirange_type_name = public.timemultirange\n"
                         ");\n"
                         "\n"
                         "-- comments on range type public.timerange\n"
                         "COMMENT ON TYPE public.timerange IS 'times of day';\n");
}

TEST_CASE("emit sql: a line break in a name stays inside the quoted name, never in a -- line") {
  model::Catalog catalog;
  catalog.schemas["evil\nDROP TABLE x; --"] = {"evil\nDROP TABLE x; --", std::nullopt, {}};
  CHECK(body(catalog) == "-- schema \"evil\\nDROP TABLE x; --\"\n"
                         "CREATE SCHEMA \"evil\nDROP TABLE x; --\";\n");
}
