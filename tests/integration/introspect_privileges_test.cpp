// Introspection of grants: every kind's ACL with the built-in default made
// explicit and the owner's own entries left out, and default privileges.

#include "schemadiff/source/introspect.hpp"

#include "support/test_database.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff::model;
using schemadiff::source::introspect;
using schemadiff::testing::TestDatabase;

namespace {

// Roles belong to the cluster, which the tests share: create them once.
constexpr const char *roles = R"sql(
DO $$BEGIN CREATE ROLE "Report ""Reader"""; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE "app user"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
)sql";

constexpr const char *grants_fixture = R"sql(
CREATE SCHEMA "Sales Data";
GRANT USAGE, CREATE ON SCHEMA "Sales Data" TO "Report ""Reader""" WITH GRANT OPTION;

CREATE TABLE "Sales Data"."order" (id int GENERATED ALWAYS AS IDENTITY, "user" text, note text);
GRANT SELECT, INSERT ON "Sales Data"."order" TO "Report ""Reader""";
GRANT SELECT ON "Sales Data"."order" TO PUBLIC;
GRANT UPDATE ("user"), REFERENCES ("user") ON "Sales Data"."order" TO "app user";
CREATE TABLE "Sales Data".nobody (id int);
CREATE TABLE "Sales Data".theirs (id int);
ALTER TABLE "Sales Data".theirs OWNER TO "app user";
GRANT SELECT ON "Sales Data".theirs TO postgres;

CREATE SEQUENCE "Sales Data".counter;
GRANT USAGE, SELECT ON SEQUENCE "Sales Data".counter TO "Report ""Reader""";
CREATE VIEW "Sales Data"."user" AS SELECT "user" FROM "Sales Data"."order";
GRANT SELECT ON "Sales Data"."user" TO "Report ""Reader""";
CREATE MATERIALIZED VIEW "Sales Data".totals AS SELECT count(*) FROM "Sales Data"."order";
GRANT SELECT ON "Sales Data".totals TO PUBLIC;

CREATE FUNCTION "Sales Data".open() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION "Sales Data".closed() RETURNS int LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION "Sales Data".closed() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "Sales Data".closed() TO "Report ""Reader""";
CREATE PROCEDURE "Sales Data".run() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE "Sales Data".total(int) (sfunc = int4pl, stype = int);
REVOKE EXECUTE ON FUNCTION "Sales Data".total(int) FROM PUBLIC;

CREATE TYPE "Sales Data".status AS ENUM ('new');
REVOKE USAGE ON TYPE "Sales Data".status FROM PUBLIC;
GRANT USAGE ON TYPE "Sales Data".status TO "Report ""Reader""";
CREATE DOMAIN "Sales Data".amount AS numeric;
CREATE TYPE "Sales Data".pair AS (a int, b int);
CREATE TYPE "Sales Data".span AS RANGE (subtype = int8);
)sql";

const Privileges public_usage{{"PUBLIC", "USAGE", false}};
const Privileges public_execute{{"PUBLIC", "EXECUTE", false}};
const std::string reader = "Report \"Reader\"";

} // namespace

TEST_CASE("introspect: grants on schemas, tables, columns, sequences, views, sorted, without the owner") {
  const TestDatabase database;
  database.execute(roles);
  database.execute(grants_fixture);
  const Catalog catalog = introspect(database.conninfo());

  CHECK(catalog.schemas.at("Sales Data").privileges == Privileges{{reader, "CREATE", true}, {reader, "USAGE", true}});
  const Table &order = catalog.tables.at({"Sales Data", "order"});
  CHECK(order.privileges ==
        Privileges{{"PUBLIC", "SELECT", false}, {reader, "INSERT", false}, {reader, "SELECT", false}});
  CHECK(order.column("user")->privileges ==
        Privileges{{"app user", "REFERENCES", false}, {"app user", "UPDATE", false}});
  CHECK(order.column("note")->privileges.empty());
  CHECK(catalog.tables.at({"Sales Data", "nobody"}).privileges.empty());
  // The owner is the object's, not whoever reads the catalog.
  CHECK(catalog.tables.at({"Sales Data", "theirs"}).privileges == Privileges{{"postgres", "SELECT", false}});

  CHECK(catalog.sequences.at({"Sales Data", "counter"}).privileges ==
        Privileges{{reader, "SELECT", false}, {reader, "USAGE", false}});
  CHECK(catalog.views.at({"Sales Data", "user"}).privileges == Privileges{{reader, "SELECT", false}});
  CHECK(catalog.materialized_views.at({"Sales Data", "totals"}).privileges == Privileges{{"PUBLIC", "SELECT", false}});
}

TEST_CASE("introspect: routines and types carry their default grants to PUBLIC unless revoked") {
  const TestDatabase database;
  database.execute(roles);
  database.execute(grants_fixture);
  const Catalog catalog = introspect(database.conninfo());

  CHECK(catalog.routines.at({"Sales Data", "open", ""}).privileges == public_execute);
  CHECK(catalog.routines.at({"Sales Data", "closed", ""}).privileges == Privileges{{reader, "EXECUTE", false}});
  CHECK(catalog.routines.at({"Sales Data", "run", ""}).privileges == public_execute);
  CHECK(catalog.aggregates.at({"Sales Data", "total", "integer"}).privileges.empty());

  CHECK(catalog.enums.at({"Sales Data", "status"}).privileges == Privileges{{reader, "USAGE", false}});
  CHECK(catalog.domains.at({"Sales Data", "amount"}).privileges == public_usage);
  CHECK(catalog.composite_types.at({"Sales Data", "pair"}).privileges == public_usage);
  CHECK(catalog.range_types.at({"Sales Data", "span"}).privileges == public_usage);
  CHECK(catalog.schemas.at("public").privileges == public_usage);
}

TEST_CASE("introspect: default privileges, global and per schema, as stored") {
  const TestDatabase database;
  database.execute(roles);
  database.execute(R"sql(
    CREATE SCHEMA "Sales Data";
    ALTER DEFAULT PRIVILEGES IN SCHEMA "Sales Data" GRANT SELECT ON TABLES TO "Report ""Reader""";
    ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
    ALTER DEFAULT PRIVILEGES FOR ROLE "app user" REVOKE ALL ON SEQUENCES FROM "app user";
  )sql");
  const Catalog catalog = introspect(database.conninfo());

  REQUIRE(catalog.default_privileges.size() == 3);
  const DefaultPrivilegeKey tables{"postgres", "Sales Data", 'r'};
  CHECK(catalog.default_privileges.at(tables) == DefaultPrivilege{tables, {{reader, "SELECT", false}}});
  const DefaultPrivilegeKey functions{"postgres", "", 'f'};
  CHECK(catalog.default_privileges.at(functions) == DefaultPrivilege{functions, {{"postgres", "EXECUTE", false}}});
  // Everything revoked: an entry without privileges.
  const DefaultPrivilegeKey sequences{"app user", "", 'S'};
  CHECK(catalog.default_privileges.at(sequences) == DefaultPrivilege{sequences, {}});
}
