// How introspection talks to the server: a fixed number of bulk queries in
// one snapshot, per-version catalogs, and its errors.

#include "schemadiff/error.hpp"
#include "schemadiff/source/introspect.hpp"

#include "source/introspect/query_log.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <pqxx/pqxx>

using schemadiff::Error;
using schemadiff::source::catalog_queries;
using schemadiff::source::CatalogQuery;
using schemadiff::source::introspect;
using schemadiff::testing::TestDatabase;

namespace {

// A schema with `tables` tables, each with columns, a key, a foreign key,
// an index, a trigger and a view over it.
std::string many_tables(int tables) {
  std::string sql = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';\n";
  for (int i = 0; i < tables; ++i) {
    sql += fmt::format("CREATE TABLE t{0} (id int PRIMARY KEY, parent int REFERENCES t{1}(id), note text);\n"
                       "CREATE INDEX t{0}_note ON t{0} (note);\n"
                       "CREATE TRIGGER t{0}_touch BEFORE UPDATE ON t{0} FOR EACH ROW EXECUTE FUNCTION touch();\n"
                       "CREATE VIEW v{0} AS SELECT id, note FROM t{0};\n",
                       i, i == 0 ? 0 : i - 1);
  }
  return sql;
}

std::vector<CatalogQuery> queries_run(const std::string &conninfo) {
  std::vector<CatalogQuery> run;
  introspect(conninfo, [&](const CatalogQuery &query) { run.push_back(query); });
  return run;
}

bool same_queries(const std::vector<CatalogQuery> &a, const std::vector<CatalogQuery> &b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].sql != b[i].sql) return false;
  }
  return true;
}

int server_version(const std::string &conninfo) {
  pqxx::connection connection(conninfo);
  return connection.server_version();
}

} // namespace

TEST_CASE("introspect: the queries run are catalog_queries, one per kind, however many tables there are") {
  const TestDatabase small;
  small.execute(many_tables(1));
  const TestDatabase large;
  large.execute(many_tables(200));
  const auto expected = catalog_queries(server_version(small.conninfo()));

  const auto for_small = queries_run(small.conninfo());
  const auto for_large = queries_run(large.conninfo());
  CHECK(for_small.size() == expected.size());
  CHECK(for_large.size() == expected.size());
  CHECK(same_queries(for_small, expected));
  CHECK(same_queries(for_large, expected));

  const auto catalog = introspect(large.conninfo());
  CHECK(catalog.tables.size() == 200);
  CHECK(catalog.views.size() == 200);
  CHECK(catalog.triggers.size() == 200);
  CHECK(catalog.indexes.size() == 400);
  CHECK(catalog.tables.at({"public", "t199"}).constraints.size() == 2);
}

TEST_CASE("introspect: every kind has its own query, in the order introspect runs them") {
  std::vector<std::string> kinds;
  for (const auto &query : catalog_queries(150000)) kinds.push_back(query.kind);
  CHECK(kinds == std::vector<std::string>{"schemas",
                                          "extensions",
                                          "collations",
                                          "enums",
                                          "composite_types",
                                          "range_types",
                                          "domains",
                                          "sequences",
                                          "tables",
                                          "columns",
                                          "constraints",
                                          "indexes",
                                          "views",
                                          "routines",
                                          "aggregates",
                                          "triggers",
                                          "policies",
                                          "privileges",
                                          "default_privileges",
                                          "dependencies"});
}

TEST_CASE("introspect: all objects come from one snapshot, whatever commits meanwhile") {
  const TestDatabase database;
  database.execute("CREATE TABLE early (id int)");
  pqxx::connection other(database.conninfo());
  const auto catalog = introspect(database.conninfo(), [&](const CatalogQuery &query) {
    // After the snapshot was taken by the first query, before tables are read.
    if (query.kind == "tables") pqxx::nontransaction(other).exec0("CREATE TABLE late (id int)");
  });
  CHECK(catalog.tables.contains({"public", "early"}));
  CHECK_FALSE(catalog.tables.contains({"public", "late"}));
  CHECK(introspect(database.conninfo()).tables.contains({"public", "late"}));
}

TEST_CASE("introspect: queries follow the catalogs of each version from 13 to 17") {
  const auto query = [](int version, std::string_view kind) {
    for (const auto &each : catalog_queries(version)) {
      if (each.kind == kind) return each.sql;
    }
    return std::string();
  };
  CHECK_THAT(query(130000, "collations"), Catch::Contains("THEN c.collcollate END AS locale"));
  CHECK_THAT(query(150000, "collations"), Catch::Contains("c.colliculocale"));
  CHECK_THAT(query(170000, "collations"), Catch::Contains("c.colllocale") && !Catch::Contains("colliculocale"));
  CHECK_THAT(query(140000, "indexes"), !Catch::Contains("indnullsnotdistinct"));
  CHECK_THAT(query(150000, "indexes"), Catch::Contains("indnullsnotdistinct"));
  CHECK_THAT(query(140000, "constraints"), !Catch::Contains("indnullsnotdistinct"));
  CHECK_THAT(query(130000, "range_types"), !Catch::Contains("rngmultitypid"));
  CHECK_THAT(query(140000, "range_types"), Catch::Contains("rngmultitypid"));
  CHECK_THAT(query(130000, "dependencies"), !Catch::Contains("rngmultitypid"));
  CHECK_THAT(query(130000, "triggers"), Catch::Contains("tgparentid = 0"));
  CHECK_THROWS_AS(catalog_queries(120000), Error);
}

TEST_CASE("introspect: the queries for 13 and 14 also run on this server") {
  const TestDatabase database;
  database.execute(many_tables(3));
  pqxx::connection connection(database.conninfo());
  for (const int version : {130000, 140000}) {
    pqxx::work work(connection);
    work.exec0("SET LOCAL search_path = pg_catalog");
    for (const auto &query : catalog_queries(version)) {
      INFO(version << " " << query.kind);
      CHECK_NOTHROW(work.exec(query.sql));
    }
  }
}

TEST_CASE("introspect: an unreachable server is an Error that does not show the password") {
  try {
    introspect("host=/nonexistent/socket/dir port=1 user=postgres password=s3cr3t-pw dbname=nowhere");
    FAIL("expected an error");
  } catch (const Error &error) {
    const std::string message = error.describe();
    CHECK_THAT(message, Catch::Contains("cannot connect"));
    CHECK_THAT(message, Catch::Contains("password=***"));
    CHECK_THAT(message, !Catch::Contains("s3cr3t-pw"));
  }
}

TEST_CASE("introspect: a role without USAGE on a schema is refused with an Error naming the schema") {
  const TestDatabase database;
  database.execute(R"sql(
    DO $$BEGIN CREATE ROLE introspect_outsider LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
    CREATE SCHEMA "Secret Stuff";
    CREATE TABLE "Secret Stuff".plans (id int);
    CREATE SCHEMA open;
    GRANT USAGE ON SCHEMA open TO introspect_outsider;
  )sql");
  std::string as_outsider = database.conninfo();
  const auto user = as_outsider.find("user=postgres");
  REQUIRE(user != std::string::npos);
  as_outsider.replace(user, std::string("user=postgres").size(), "user=introspect_outsider");

  try {
    introspect(as_outsider);
    FAIL("expected an error");
  } catch (const Error &error) {
    CHECK(error.where() == "schema \"Secret Stuff\"");
    CHECK_THAT(error.what(), Catch::Contains("introspect_outsider") && Catch::Contains("\"Secret Stuff\"") &&
                                 !Catch::Contains("open"));
    CHECK_THAT(error.hint(), Catch::Contains("GRANT USAGE ON SCHEMA \"Secret Stuff\" TO introspect_outsider"));
  }

  database.execute("GRANT USAGE ON SCHEMA \"Secret Stuff\" TO introspect_outsider");
  const auto catalog = introspect(as_outsider);
  CHECK(catalog.tables.contains({"Secret Stuff", "plans"}));
}
