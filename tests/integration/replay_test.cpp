#include "schemadiff/error.hpp"
#include "schemadiff/run/replay.hpp"

#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

using namespace schemadiff;
using emit::MigrationFormat;
using testing::ScratchDirectory;
using testing::TestDatabase;

namespace {

bool exists(const TestDatabase &database, const std::string &regclass) {
  return database.query_value(fmt::format("SELECT to_regclass('{}') IS NOT NULL", regclass)) == "t";
}

Error replay_error(const ScratchDirectory &directory, MigrationFormat format, const TestDatabase &database) {
  try {
    run::replay_migrations(directory.path(), format, database.conninfo());
  } catch (const Error &error) {
    return error;
  }
  FAIL("replay_migrations did not throw");
  return Error("");
}

} // namespace

TEST_CASE("Replay runs every up in version order, a statement at a time", "[replay]") {
  const TestDatabase database;
  const ScratchDirectory directory;
  directory.write("3_index.up.sql", "CREATE INDEX CONCURRENTLY users_email ON users (email);\n");
  directory.write("3_index.down.sql", "DROP INDEX CONCURRENTLY users_email;\n");
  directory.write("1_users.up.sql", "BEGIN;\nCREATE TABLE users (id bigint PRIMARY KEY);\nCOMMIT;\n");
  directory.write("2_email.up.sql", "BEGIN;\nALTER TABLE users ADD COLUMN email text;\n"
                                    "CREATE FUNCTION users_count() RETURNS bigint LANGUAGE plpgsql AS $$\n"
                                    "BEGIN\n  RETURN (SELECT count(*) FROM users);\nEND $$;\nCOMMIT;\n");
  directory.write("README.md", "not a migration\n");

  CHECK(run::replay_migrations(directory.path(), MigrationFormat::GolangMigrate, database.conninfo()) == 3);
  CHECK(exists(database, "public.users_email"));
  CHECK(database.query_value("SELECT users_count()") == "0");
  // The index built concurrently is valid: it ran alone, outside any transaction.
  CHECK(database.query_value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass") == "t");
}

TEST_CASE("Replay of dbmate, goose, flyway and sqitch directories", "[replay]") {
  SECTION("dbmate") {
    const TestDatabase database;
    const ScratchDirectory directory;
    directory.write("20240101000000_t.sql", "-- migrate:up\nCREATE TABLE t (a int);\n-- migrate:down\nDROP TABLE t;\n");
    directory.write("20240102000000_i.sql", "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
                                            "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY i;\n");
    CHECK(run::replay_migrations(directory.path(), MigrationFormat::Dbmate, database.conninfo()) == 2);
    CHECK(exists(database, "public.i"));
  }
  SECTION("goose") {
    const TestDatabase database;
    const ScratchDirectory directory;
    directory.write("00001_t.sql", "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE t (a int);\n"
                                   "-- +goose StatementEnd\n-- +goose Down\nDROP TABLE t;\n");
    directory.write("00002_i.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
                                   "-- +goose Down\nDROP INDEX CONCURRENTLY i;\n");
    CHECK(run::replay_migrations(directory.path(), MigrationFormat::Goose, database.conninfo()) == 2);
    CHECK(exists(database, "public.i"));
  }
  SECTION("flyway") {
    const TestDatabase database;
    const ScratchDirectory directory;
    directory.write("V1__t.sql", "CREATE TABLE t (a int);\n");
    directory.write("V1.1__i.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n");
    directory.write("V1.1__i.sql.conf", "executeInTransaction=false\n");
    directory.write("R__v.sql", "CREATE OR REPLACE VIEW v AS SELECT a FROM t;\n");
    CHECK(run::replay_migrations(directory.path(), MigrationFormat::Flyway, database.conninfo()) == 3);
    CHECK(exists(database, "public.v"));
  }
  SECTION("sqitch, whose psql scripts may hold backslash commands") {
    const TestDatabase database;
    const ScratchDirectory directory;
    directory.write("sqitch.plan", "%syntax-version=1.0.0\n%project=p\n\n"
                                   "t 2024-01-01T00:00:00Z Marge <marge@example.com> # table\n"
                                   "i [t] 2024-01-02T00:00:00Z Marge <marge@example.com> # index\n");
    directory.write("deploy/t.sql", "\\set ON_ERROR_STOP 1\nBEGIN;\nCREATE TABLE t (a int);\nCOMMIT;\n");
    directory.write("deploy/i.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n");
    CHECK(run::replay_migrations(directory.path(), MigrationFormat::Sqitch, database.conninfo()) == 2);
    CHECK(exists(database, "public.i"));
  }
}

TEST_CASE("A statement the server refuses is an Error at its file and line", "[replay]") {
  SECTION("dbmate: the line counts from the top of the file") {
    const TestDatabase database;
    const ScratchDirectory directory;
    directory.write("20240101000000_t.sql", "-- a header\n\n-- migrate:up\nCREATE TABLE t (a int);\n\n"
                                            "INSERT INTO missing VALUES (1);\n-- migrate:down\nDROP TABLE t;\n");
    const Error error = replay_error(directory, MigrationFormat::Dbmate, database);
    CHECK(error.where() == (directory.path() / "20240101000000_t.sql").string() + ":6");
    CHECK_THAT(error.what(), Catch::Contains("relation \"missing\" does not exist"));
  }
  SECTION("golang-migrate: a later migration fails, the earlier ones stay") {
    const TestDatabase database;
    const ScratchDirectory directory;
    directory.write("1_t.up.sql", "CREATE TABLE t (a int);\n");
    directory.write("2_bad.up.sql",
                    "BEGIN;\n/* a comment; with a semicolon */\nALTER TABLE t\n  ADD COLUMN b nosuchtype;\nCOMMIT;\n");
    const Error error = replay_error(directory, MigrationFormat::GolangMigrate, database);
    CHECK(error.where() == (directory.path() / "2_bad.up.sql").string() + ":3");
    CHECK_THAT(error.what(), Catch::Contains("nosuchtype"));
    CHECK(exists(database, "public.t"));
  }
}

TEST_CASE("A statement the scanner cannot close is sent anyway, and refused at its line", "[replay]") {
  const TestDatabase database;
  const ScratchDirectory directory;
  directory.write("1_t.up.sql", "CREATE TABLE t (a int);\n\nCREATE TABLE broken (id bigint;\n");
  const Error error = replay_error(directory, MigrationFormat::GolangMigrate, database);
  CHECK(error.where() == (directory.path() / "1_t.up.sql").string() + ":3");
  CHECK_THAT(error.what(), Catch::Contains("syntax error"));
}

TEST_CASE("Replaying no migrations runs nothing", "[replay]") {
  const TestDatabase database;
  const ScratchDirectory directory;
  CHECK(run::replay_migrations(directory.path() / "missing", MigrationFormat::Goose, database.conninfo()) == 0);
  CHECK(run::replay_migrations(directory.path(), MigrationFormat::Plain, database.conninfo()) == 0);
}
