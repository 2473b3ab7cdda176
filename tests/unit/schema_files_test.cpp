#include "source/schema_files/dependency_order.hpp"
#include "source/schema_files/statement.hpp"
#include "source/schema_files/statement_rules.hpp"

#include "schemadiff/error.hpp"

#include <catch2/catch.hpp>

using schemadiff::Error;
using namespace schemadiff::source;

namespace {

std::vector<SourceStatement> parsed(const std::vector<SchemaFile> &files) {
  std::vector<SourceStatement> statements;
  for (const SchemaFile &file : files) {
    auto more = parse_schema_file(file);
    statements.insert(statements.end(), more.begin(), more.end());
  }
  return statements;
}

// The statements' first words in load order, e.g. "CREATE VIEW v".
std::vector<std::string> load_order(const std::vector<SchemaFile> &files) {
  std::vector<std::string> texts;
  for (const SourceStatement &statement : order_statements(files, parsed(files))) texts.push_back(statement.text);
  return texts;
}

std::string error_of(const std::function<void()> &action) {
  try {
    action();
  } catch (const Error &error) {
    return error.where() + ": " + error.what();
  }
  return "no error";
}

std::string refusal(const std::string &sql) {
  const SchemaFile file{"schema/app.sql", "-- app\n" + sql};
  return error_of([&] {
    for (const SourceStatement &statement : parse_schema_file(file)) check_declarative(statement);
  });
}

} // namespace

TEST_CASE("every statement keeps the file, line and column of its first token") {
  const SchemaFile file{"schema/app.sql", "-- header\n\nCREATE TABLE a (id int);\n  /* note */ CREATE VIEW v AS SELECT 1;\n"
                                          "CREATE INDEX i ON a (id)"};
  const auto statements = parse_schema_file(file);
  REQUIRE(statements.size() == 3);
  CHECK(statements[0].location.describe() == "schema/app.sql:3:1");
  CHECK(statements[0].text == "CREATE TABLE a (id int)");
  CHECK(statements[0].kind == "CreateStmt");
  CHECK(statements[1].location.describe() == "schema/app.sql:4:14");
  CHECK(statements[1].text == "CREATE VIEW v AS SELECT 1");
  CHECK(statements[2].text == "CREATE INDEX i ON a (id)");
}

TEST_CASE("a syntax error is reported at its file, line and column") {
  const SchemaFile file{"schema/t.sql", "CREATE TABLE ok (id int);\nCREATE TABLE bad (id int,, name text);\n"};
  CHECK(error_of([&] { parse_schema_file(file); }) == "schema/t.sql:2:26: syntax error: syntax error at or near \",\"");
}

TEST_CASE("columns count characters, not bytes") {
  const SchemaFile file{"s.sql", "CREATE TABLE \"größe\" (x int); CREATE TABLE é (id int,, x int);"};
  CHECK_THAT(error_of([&] { parse_schema_file(file); }), Catch::StartsWith("s.sql:1:54:"));
}

TEST_CASE("data changes and other imperative statements are refused with their location and why") {
  CHECK(refusal("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);") ==
        "schema/app.sql:3:1: INSERT is not allowed in a schema file: it changes data; a declarative schema holds only definitions");
  CHECK_THAT(refusal("UPDATE t SET id = 2;"), Catch::StartsWith("schema/app.sql:2:1: UPDATE is not allowed"));
  CHECK_THAT(refusal("DELETE FROM t;"), Catch::Contains("DELETE is not allowed"));
  CHECK_THAT(refusal("TRUNCATE t;"), Catch::Contains("TRUNCATE is not allowed"));
  CHECK_THAT(refusal("DROP TABLE t;"), Catch::Contains("DROP is not allowed") && Catch::Contains("delete its CREATE"));
  CHECK_THAT(refusal("DO $$ BEGIN END $$;"), Catch::Contains("DO is not allowed"));
  CHECK_THAT(refusal("CREATE ROLE app;"), Catch::Contains("CREATE ROLE is not allowed") && Catch::Contains("cluster"));
  CHECK_THAT(refusal("BEGIN;"), Catch::Contains("BEGIN/COMMIT is not allowed"));
  CHECK_THAT(refusal("ALTER TABLE t ADD COLUMN x int;"), Catch::Contains("ALTER TABLE (AddColumn) is not allowed"));
  CHECK_THAT(refusal("ALTER TABLE t RENAME TO u;"), Catch::Contains("[renames]"));
  CHECK_THAT(refusal("ALTER SEQUENCE s RESTART 5;"), Catch::Contains("ALTER SEQUENCE is not allowed"));
  CHECK_THAT(refusal("SELECT 1;"), Catch::Contains("SELECT is not allowed"));
  CHECK_THAT(refusal("CREATE TABLE t2 AS SELECT 1;"), Catch::Contains("CREATE TABLE AS is not allowed"));
  CHECK_THAT(refusal("ALTER TYPE e ADD VALUE 'x';"), Catch::Contains("list every label"));
  CHECK_THAT(refusal("ALTER DOMAIN d DROP CONSTRAINT c;"), Catch::Contains("ALTER DOMAIN is not allowed"));
}

TEST_CASE("the definitions and the forms pg_dump --schema-only writes are accepted") {
  CHECK(refusal(R"(
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE SCHEMA app;
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
CREATE TYPE app.mood AS ENUM ('ok');
CREATE DOMAIN app.pos AS int CHECK (VALUE > 0);
ALTER DOMAIN app.pos ADD CONSTRAINT pos_small CHECK (VALUE < 100) NOT VALID;
ALTER DOMAIN app.pos SET DEFAULT 1;
CREATE TYPE app.pair AS (a int, b int);
CREATE TYPE app.span AS RANGE (subtype = int4);
CREATE COLLATION app.c (provider = libc, locale = 'C');
CREATE SEQUENCE app.s;
CREATE TABLE app.t (id int NOT NULL, m app.mood);
ALTER TABLE app.t OWNER TO postgres;
ALTER TABLE ONLY app.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
ALTER TABLE ONLY app.t ALTER COLUMN id SET DEFAULT nextval('app.s'::regclass);
ALTER TABLE app.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME app.t_id_seq);
ALTER SEQUENCE app.s OWNED BY app.t.id;
ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.t FORCE ROW LEVEL SECURITY;
CREATE TABLE app.p (k int) PARTITION BY RANGE (k);
CREATE TABLE app.p1 (k int);
ALTER TABLE ONLY app.p ATTACH PARTITION app.p1 FOR VALUES FROM (0) TO (10);
CREATE INDEX p_k ON ONLY app.p (k);
CREATE INDEX p1_k ON app.p1 (k);
ALTER INDEX app.p_k ATTACH PARTITION app.p1_k;
CREATE VIEW app.v AS SELECT id FROM app.t;
CREATE MATERIALIZED VIEW app.mv AS SELECT id FROM app.t WITH NO DATA;
CREATE FUNCTION app.f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE PROCEDURE app.pr() LANGUAGE sql AS $$SELECT 1$$;
CREATE AGGREGATE app.total(int) (sfunc = int4pl, stype = int);
ALTER FUNCTION app.f() OWNER TO postgres;
CREATE TRIGGER tr BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
CREATE POLICY own ON app.t USING (true);
COMMENT ON TABLE app.t IS 'x';
GRANT SELECT ON app.t TO PUBLIC;
REVOKE ALL ON SCHEMA app FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC;
)") == "no error");
}

TEST_CASE("files in reverse dependency order load in dependency order") {
  const std::vector<SchemaFile> files = {
      {"a_views.sql", "CREATE VIEW app.active AS SELECT * FROM app.users WHERE app.is_active(status);"},
      {"b_functions.sql", "CREATE FUNCTION app.is_active(s app.status) RETURNS bool LANGUAGE sql AS $$SELECT s = 'on'$$;"},
      {"c_tables.sql", "CREATE TABLE app.users (id int, status app.status);"},
      {"d_types.sql", "CREATE TYPE app.status AS ENUM ('on', 'off');"},
      {"e_schema.sql", "CREATE SCHEMA app;"},
  };
  const auto order = load_order(files);
  REQUIRE(order.size() == 5);
  CHECK_THAT(order[0], Catch::StartsWith("CREATE SCHEMA app"));
  CHECK_THAT(order[1], Catch::StartsWith("CREATE TYPE app.status"));
  CHECK_THAT(order[2], Catch::StartsWith("CREATE FUNCTION app.is_active"));
  CHECK_THAT(order[3], Catch::StartsWith("CREATE TABLE app.users"));
  CHECK_THAT(order[4], Catch::StartsWith("CREATE VIEW app.active"));
}

TEST_CASE("statements with no dependency between them keep the files' order") {
  const std::vector<SchemaFile> files = {{"1.sql", "CREATE TABLE b (id int); CREATE TABLE a (id int);"},
                                         {"2.sql", "CREATE TABLE c (id int);"}};
  CHECK(load_order(files) ==
        std::vector<std::string>{"CREATE TABLE b (id int)", "CREATE TABLE a (id int)", "CREATE TABLE c (id int)"});
}

TEST_CASE("a column using an extension's type waits for the extension") {
  const std::vector<SchemaFile> files = {{"a.sql", "CREATE TABLE users (email citext);"},
                                         {"b.sql", "CREATE EXTENSION citext;"}};
  CHECK(load_order(files) == std::vector<std::string>{"CREATE EXTENSION citext", "CREATE TABLE users (email citext)"});
}

TEST_CASE("a sequence named in a default comes before the table") {
  const std::vector<SchemaFile> files = {
      {"a.sql", "CREATE TABLE t (id int DEFAULT nextval('public.t_seq'::regclass));"},
      {"b.sql", "CREATE SEQUENCE t_seq;"}};
  CHECK_THAT(load_order(files)[0], Catch::StartsWith("CREATE SEQUENCE"));
}

TEST_CASE("mutual foreign keys are broken out into ALTER TABLE after both tables") {
  const std::vector<SchemaFile> files = {
      {"a.sql", "CREATE TABLE a (\n  id int PRIMARY KEY,\n  b_id int CONSTRAINT a_b_fk REFERENCES b (id) ON DELETE CASCADE DEFERRABLE NOT NULL\n);"},
      {"b.sql", "CREATE TABLE \"B\" (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int,\n  CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id));"}};
  const auto statements = order_statements(files, parsed(files));
  REQUIRE(statements.size() == 5);
  CHECK(statements[0].text == "CREATE TABLE a (\n  id int PRIMARY KEY,\n  b_id int NOT NULL\n)");
  CHECK(statements[1].text == "CREATE TABLE \"B\" (id int PRIMARY KEY)");
  CHECK(statements[2].text == "CREATE TABLE b (id int PRIMARY KEY, a_id int)");
  CHECK(statements[3].text == "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id) ON DELETE CASCADE DEFERRABLE");
  CHECK(statements[3].location.describe() == "a.sql:3:12");
  CHECK(statements[4].text == "ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id)");
}

TEST_CASE("a table referring to itself is no cycle") {
  const std::vector<SchemaFile> files = {{"a.sql", "CREATE TABLE node (id int PRIMARY KEY, parent int REFERENCES node);"}};
  CHECK(load_order(files).size() == 1);
}

TEST_CASE("a cycle that no foreign key explains is an error naming its members") {
  const std::vector<SchemaFile> files = {{"v.sql", "CREATE VIEW v1 AS SELECT * FROM v2;\nCREATE VIEW v2 AS SELECT * FROM v1;"}};
  const std::string error = error_of([&] { order_statements(files, parsed(files)); });
  CHECK_THAT(error, Catch::Contains("cycle") && Catch::Contains("v.sql:1:1 CREATE VIEW") &&
                        Catch::Contains("v.sql:2:1 CREATE VIEW"));
}

TEST_CASE("psql meta-commands such as pg_dump's \\restrict are skipped, positions unchanged") {
  const SchemaFile file{"dump.sql", "\\restrict abc123\nCREATE TABLE t (note text DEFAULT '\n\\not a command');\n"
                                    "\\unrestrict abc123\n"};
  const auto statements = parse_schema_file(file);
  REQUIRE(statements.size() == 1);
  CHECK(statements[0].location.describe() == "dump.sql:2:1");
  CHECK(statements[0].text == "CREATE TABLE t (note text DEFAULT '\n\\not a command')");
}
