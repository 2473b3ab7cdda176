#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/error.hpp"

#include "support/scratch_directory.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace schemadiff;
using emit::MigrationFormat;
using emit::read_migrations;
using testing::ScratchDirectory;

namespace {

std::vector<std::uint64_t> versions(const std::vector<emit::WrittenMigration> &migrations) {
  std::vector<std::uint64_t> found;
  for (const auto &migration : migrations) found.push_back(migration.version);
  return found;
}

std::vector<std::string> names(const std::vector<emit::WrittenMigration> &migrations) {
  std::vector<std::string> found;
  for (const auto &migration : migrations) found.push_back(migration.name);
  return found;
}

// The Error read_migrations throws, as the CLI prints it ("where: what").
std::string read_error(const ScratchDirectory &directory, MigrationFormat format) {
  try {
    read_migrations(directory.path(), format);
  } catch (const Error &error) {
    return error.describe();
  }
  FAIL("read_migrations did not throw");
  return {};
}

bool contains(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("A missing migration directory holds no migrations, in every format", "[migration_read]") {
  for (const auto format : {MigrationFormat::GolangMigrate, MigrationFormat::Dbmate, MigrationFormat::Goose,
                            MigrationFormat::Flyway, MigrationFormat::Sqitch, MigrationFormat::Plain}) {
    CHECK(read_migrations("/nonexistent/schemadiff/migrations", format).empty());
  }
}

TEST_CASE("What a killed write left in its staging directory is never read as migrations", "[migration_read]") {
  const ScratchDirectory directory;
  // Staged by position; and, had the directory been made whole, by name.
  directory.write(".schemadiff-write-4242/0", "CREATE TABLE staged (id int);\n");
  for (const std::string name : {"1_a.up.sql", "1_a.sql", "V1__a.sql", "deploy/1_a.sql", "sqitch.plan"}) {
    directory.write(".schemadiff-write-4242/" + name, "CREATE TABLE staged (id int);\n");
  }
  for (const auto format : {MigrationFormat::GolangMigrate, MigrationFormat::Dbmate, MigrationFormat::Goose,
                            MigrationFormat::Flyway, MigrationFormat::Sqitch, MigrationFormat::Plain}) {
    CHECK(read_migrations(directory.path(), format).empty());
  }
}

TEST_CASE("golang-migrate files are read in version order, with their downs", "[migration_read]") {
  const ScratchDirectory directory;
  directory.write("10_add_index.up.sql", "CREATE INDEX CONCURRENTLY users_email ON users (email);\n");
  directory.write("10_add_index.down.sql", "DROP INDEX CONCURRENTLY users_email;\n");
  directory.write("2_add_email.up.sql", "ALTER TABLE users ADD COLUMN email text;\nUPDATE users SET email = '';\n");
  directory.write("1_create_users.up.sql", "BEGIN;\nCREATE TABLE users (id bigint);\nCOMMIT;\n");
  directory.write("1_create_users.down.sql", "DROP TABLE users;\n");
  directory.write("README.md", "# migrations\n");
  directory.write("notes/3_ignored.up.sql", "SELECT 1;\n");

  const auto migrations = read_migrations(directory.path(), MigrationFormat::GolangMigrate);
  CHECK(versions(migrations) == std::vector<std::uint64_t>{1, 2, 10});
  CHECK(names(migrations) == std::vector<std::string>{"create_users", "add_email", "add_index"});
  CHECK(migrations[0].up == "BEGIN;\nCREATE TABLE users (id bigint);\nCOMMIT;\n");
  CHECK(migrations[0].down == "DROP TABLE users;\n");
  CHECK(migrations[0].file == directory.path() / "1_create_users.up.sql");
  CHECK(migrations[1].down.empty());
  // One query of two statements is an implicit transaction; one statement alone is not.
  CHECK(migrations[0].transactional);
  CHECK(migrations[1].transactional);
  CHECK_FALSE(migrations[2].transactional);
}

TEST_CASE("plain files are transactional only with their own BEGIN", "[migration_read]") {
  const ScratchDirectory directory;
  directory.write("1_a.up.sql", "-- BEGIN; in a comment\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
  directory.write("2_b.up.sql", "\\set ON_ERROR_STOP 1\nstart transaction;\nCREATE TABLE c (id int);\ncommit;\n");
  directory.write("3_c.up.sql",
                  "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND $$;\n");
  const auto migrations = read_migrations(directory.path(), MigrationFormat::Plain);
  REQUIRE(migrations.size() == 3);
  CHECK_FALSE(migrations[0].transactional);
  CHECK(migrations[1].transactional);
  CHECK_FALSE(migrations[2].transactional);
}

TEST_CASE("golang-migrate: two ups of one version, or a down without an up, name the file", "[migration_read]") {
  SECTION("duplicate version") {
    const ScratchDirectory directory;
    directory.write("5_first.up.sql", "SELECT 1;\n");
    directory.write("5_second.up.sql", "SELECT 2;\n");
    const std::string error = read_error(directory, MigrationFormat::GolangMigrate);
    CHECK(contains(error, "5_second.up.sql"));
    CHECK(contains(error, "two migrations have version 5"));
  }
  SECTION("down without up") {
    const ScratchDirectory directory;
    directory.write("7_orphan.down.sql", "SELECT 1;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Plain), "7_orphan.down.sql"));
  }
  SECTION("a version beyond 64 bits") {
    const ScratchDirectory directory;
    directory.write("123456789012345678901234_big.up.sql", "SELECT 1;\n");
    CHECK(contains(read_error(directory, MigrationFormat::GolangMigrate), "123456789012345678901234_big.up.sql"));
  }
}

TEST_CASE("dbmate sections: up from its marker to the down's, transaction:false", "[migration_read]") {
  const ScratchDirectory directory;
  directory.write("20240102000000_index.sql", "-- migrate:up transaction:false\n"
                                              "CREATE INDEX CONCURRENTLY i ON t (a);\n\n"
                                              "-- migrate:down transaction:false\n"
                                              "DROP INDEX CONCURRENTLY i;\n");
  directory.write("20240101000000_create_t.sql", "-- a comment before the marker is allowed\n\n"
                                                 "--migrate:up\nCREATE TABLE t (a int);\n"
                                                 "-- migrate:down\nDROP TABLE t;\n");
  directory.write("schema.sql.bak", "junk");
  directory.write("notes.sql", "not a migration: no version");
  const auto migrations = read_migrations(directory.path(), MigrationFormat::Dbmate);
  REQUIRE(migrations.size() == 2);
  CHECK(versions(migrations) == std::vector<std::uint64_t>{20240101000000, 20240102000000});
  CHECK(names(migrations) == std::vector<std::string>{"create_t", "index"});
  CHECK(migrations[0].up == "--migrate:up\nCREATE TABLE t (a int);\n");
  CHECK(migrations[0].down == "-- migrate:down\nDROP TABLE t;\n");
  CHECK(migrations[0].transactional);
  CHECK(migrations[1].up == "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n");
  CHECK_FALSE(migrations[1].transactional);
}

TEST_CASE("dbmate: a file without `-- migrate:up`, or with SQL before it, names the file", "[migration_read]") {
  SECTION("no up") {
    const ScratchDirectory directory;
    directory.write("1_x.sql", "CREATE TABLE t (a int);\n");
    const std::string error = read_error(directory, MigrationFormat::Dbmate);
    CHECK(contains(error, "1_x.sql"));
    CHECK(contains(error, "-- migrate:up"));
  }
  SECTION("SQL before the up") {
    const ScratchDirectory directory;
    directory.write("1_x.sql", "-- fine\nCREATE TABLE t (a int);\n-- migrate:up\nSELECT 1;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Dbmate), "1_x.sql:2"));
  }
  SECTION("down before up") {
    const ScratchDirectory directory;
    directory.write("1_x.sql", "-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Dbmate), "1_x.sql:1"));
  }
}

TEST_CASE("goose files: Up and Down annotations, statement blocks, NO TRANSACTION", "[migration_read]") {
  const ScratchDirectory directory;
  directory.write("00002_index.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
                                     "-- +goose Down\nDROP INDEX CONCURRENTLY i;\n");
  directory.write("00001_create.sql", "-- +goose Up\n-- +goose StatementBegin\n"
                                      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n"
                                      "-- +goose StatementEnd\nCREATE TABLE t (a int);\n\n"
                                      "-- +goose Down\nDROP TABLE t;\nDROP FUNCTION f();\n");
  directory.write("00003_program.go", "package migrations\n");
  const auto migrations = read_migrations(directory.path(), MigrationFormat::Goose);
  REQUIRE(migrations.size() == 2);
  CHECK(versions(migrations) == std::vector<std::uint64_t>{1, 2});
  CHECK(names(migrations) == std::vector<std::string>{"create", "index"});
  CHECK(migrations[0].transactional);
  CHECK(migrations[0].up.rfind("-- +goose Up\n-- +goose StatementBegin\n", 0) == 0);
  CHECK(migrations[0].up.find("-- +goose Down") == std::string::npos);
  CHECK(migrations[0].down == "-- +goose Down\nDROP TABLE t;\nDROP FUNCTION f();\n");
  CHECK_FALSE(migrations[1].transactional);
}

TEST_CASE("goose: no Up, or a StatementBegin never ended, names the file and line", "[migration_read]") {
  SECTION("no up") {
    const ScratchDirectory directory;
    directory.write("1_x.sql", "-- +goose Down\nDROP TABLE t;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Goose), "1_x.sql"));
  }
  SECTION("unended block") {
    const ScratchDirectory directory;
    directory.write("1_x.sql", "-- +goose Up\nSELECT 1;\n-- +goose StatementBegin\nSELECT 2;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Goose), "1_x.sql:3"));
  }
  SECTION("duplicate versions") {
    const ScratchDirectory directory;
    directory.write("1_x.sql", "-- +goose Up\nSELECT 1;\n");
    directory.write("001_y.sql", "-- +goose Up\nSELECT 1;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Goose), "two migrations have version 1"));
  }
}

TEST_CASE("Flyway: V and U scripts by dotted version, .conf, repeatables last", "[migration_read]") {
  const ScratchDirectory directory;
  directory.write("V2__add_index.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n");
  directory.write("V2__add_index.sql.conf", "# script settings\nexecuteInTransaction = false\n");
  directory.write("U2__add_index.sql", "DROP INDEX CONCURRENTLY i;\n");
  directory.write("V1.1__add_column.sql", "ALTER TABLE t ADD COLUMN b int;\n");
  directory.write("V1__create_t.sql", "CREATE TABLE t (a int);\n");
  directory.write("U1__create_t.sql", "DROP TABLE t;\n");
  directory.write("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT a FROM t;\n");
  directory.write("flyway.conf", "flyway.locations=filesystem:.\n");
  const auto migrations = read_migrations(directory.path(), MigrationFormat::Flyway);
  CHECK(names(migrations) == std::vector<std::string>{"create_t", "add_column", "add_index", "views"});
  CHECK(versions(migrations) == std::vector<std::uint64_t>{1, 1, 2, 0});
  CHECK(migrations[0].down == "DROP TABLE t;\n");
  CHECK(migrations[1].down.empty());
  CHECK(migrations[0].transactional);
  CHECK_FALSE(migrations[2].transactional);
  CHECK(migrations[2].file == directory.path() / "V2__add_index.sql");
}

TEST_CASE("Flyway: an undo without its migration, a duplicate version, a bad name", "[migration_read]") {
  SECTION("undo alone") {
    const ScratchDirectory directory;
    directory.write("U3__x.sql", "SELECT 1;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Flyway), "U3__x.sql"));
  }
  SECTION("1 and 1.0 are one version") {
    const ScratchDirectory directory;
    directory.write("V1__a.sql", "SELECT 1;\n");
    directory.write("V1.0__b.sql", "SELECT 1;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Flyway), "two migrations have version 1"));
  }
  SECTION("no double underscore") {
    const ScratchDirectory directory;
    directory.write("V4_init.sql", "SELECT 1;\n");
    CHECK(contains(read_error(directory, MigrationFormat::Flyway), "V4_init.sql"));
  }
  SECTION("a bad executeInTransaction") {
    const ScratchDirectory directory;
    directory.write("V1__a.sql", "SELECT 1;\n");
    directory.write("V1__a.sql.conf", "executeInTransaction=maybe\n");
    CHECK(contains(read_error(directory, MigrationFormat::Flyway), "V1__a.sql.conf:1"));
  }
}

TEST_CASE("sqitch: plan order, dependencies, tags and reworked changes", "[migration_read]") {
  const ScratchDirectory directory;
  directory.write("sqitch.plan", "%syntax-version=1.0.0\n%project=shop\n%uri=https://example.com/shop\n\n"
                                 "schema 2024-01-01T00:00:00Z Marge N. O'Vera <marge@example.com> # The schema.\n"
                                 "20240102_users [schema] 2024-01-02T00:00:00Z Marge <marge@example.com> # Users.\n"
                                 "@v1.0 2024-01-03T00:00:00Z Marge <marge@example.com> # Tag v1.0.\n"
                                 "\n# a comment line\n"
                                 "schema [schema@v1.0] 2024-01-04T00:00:00Z Marge <marge@example.com>\n");
  directory.write("deploy/schema@v1.0.sql", "BEGIN;\nCREATE SCHEMA shop;\nCOMMIT;\n");
  directory.write("revert/schema@v1.0.sql", "DROP SCHEMA shop;\n");
  directory.write("deploy/20240102_users.sql", "CREATE TABLE shop.users (id int);\n");
  directory.write("deploy/schema.sql", "BEGIN;\nCOMMENT ON SCHEMA shop IS 'shop';\nCOMMIT;\n");
  directory.write("verify/schema.sql", "SELECT 1;\n");
  const auto migrations = read_migrations(directory.path(), MigrationFormat::Sqitch);
  CHECK(names(migrations) == std::vector<std::string>{"schema", "20240102_users", "schema"});
  // The leading digits of the change's name, else its position in the plan.
  CHECK(versions(migrations) == std::vector<std::uint64_t>{1, 20240102, 3});
  CHECK(migrations[0].up == "BEGIN;\nCREATE SCHEMA shop;\nCOMMIT;\n");
  CHECK(migrations[0].down == "DROP SCHEMA shop;\n");
  CHECK(migrations[0].file == directory.path() / "deploy" / "schema@v1.0.sql");
  CHECK(migrations[0].transactional);
  CHECK_FALSE(migrations[1].transactional);
  CHECK(migrations[2].up == "BEGIN;\nCOMMENT ON SCHEMA shop IS 'shop';\nCOMMIT;\n");
  CHECK(migrations[2].down.empty());
}

TEST_CASE("sqitch: a missing deploy script, or a malformed plan line, is named", "[migration_read]") {
  SECTION("missing deploy") {
    const ScratchDirectory directory;
    directory.write("sqitch.plan", "%project=x\n\nusers 2024-01-02T00:00:00Z Marge <marge@example.com>\n");
    const std::string error = read_error(directory, MigrationFormat::Sqitch);
    CHECK(contains(error, "deploy/users.sql"));
    CHECK(contains(error, "sqitch.plan:3"));
  }
  SECTION("no planned time") {
    const ScratchDirectory directory;
    directory.write("sqitch.plan", "%project=x\n\nusers Marge <marge@example.com>\n");
    CHECK(contains(read_error(directory, MigrationFormat::Sqitch), "sqitch.plan:3"));
  }
  SECTION("no plan, no changes") {
    const ScratchDirectory directory;
    directory.write("deploy/users.sql", "SELECT 1;\n");
    CHECK(read_migrations(directory.path(), MigrationFormat::Sqitch).empty());
  }
}

namespace {

emit::Migration written_migration(plan::Phase phase, bool transactional, std::vector<std::string> up,
                                  std::vector<std::string> down) {
  emit::Migration migration;
  migration.phase = phase;
  migration.transactional = transactional;
  // Limits as the planner gives them: short for a transaction's locks,
  // none for a statement that blocks no one.
  const plan::Limits limits = transactional ? plan::Limits{"1s", "0"} : plan::Limits{"0", "0"};
  if (!up.empty()) migration.up = {{limits, std::move(up)}};
  if (!down.empty()) migration.down = {{limits, std::move(down)}};
  migration.summaries = {"a step"};
  return migration;
}

} // namespace

TEST_CASE("What render_migration_files writes reads back: versions, order, transactions", "[migration_read]") {
  emit::WriteRequest request;
  request.name = "shop";
  request.first_version = 20240501120000;
  request.migrations = {
      written_migration(plan::Phase::Expand, true, {"CREATE TABLE t (a int)", "ALTER TABLE t ADD COLUMN b int"},
                        {"DROP TABLE t"}),
      written_migration(plan::Phase::Expand, false, {"CREATE INDEX CONCURRENTLY i ON t (a)"},
                        {"DROP INDEX CONCURRENTLY i"}),
      written_migration(plan::Phase::Backfill, false, {"DO $$ BEGIN COMMIT; END $$"}, {}),
      written_migration(plan::Phase::Contract, true, {"ALTER TABLE t DROP COLUMN b"},
                        {"ALTER TABLE t ADD COLUMN b int"}),
  };
  for (const auto format : {MigrationFormat::GolangMigrate, MigrationFormat::Dbmate, MigrationFormat::Goose,
                            MigrationFormat::Flyway, MigrationFormat::Sqitch, MigrationFormat::Plain}) {
    INFO(emit::format_name(format));
    const ScratchDirectory directory;
    for (const emit::MigrationFile &file : emit::render_migration_files(request, format)) {
      directory.write(file.path.string(), file.text);
    }
    const auto migrations = read_migrations(directory.path(), format);
    REQUIRE(migrations.size() == request.migrations.size());
    for (std::size_t i = 0; i < migrations.size(); ++i) {
      INFO(migrations[i].file.string());
      CHECK(migrations[i].transactional == request.migrations[i].transactional);
      CHECK(migrations[i].version == 20240501120000 + i);
      CHECK(migrations[i].up.find(request.migrations[i].up.front().statements.front()) != std::string::npos);
      if (!request.migrations[i].down.empty()) {
        CHECK(migrations[i].down.find(request.migrations[i].down.front().statements.front()) != std::string::npos);
      }
    }
    // Written again on top, the next migrations come after these.
    request.history = migrations;
    if (format == MigrationFormat::Sqitch) {
      std::ifstream plan(directory.path() / "sqitch.plan");
      request.existing_sqitch_plan.assign(std::istreambuf_iterator<char>(plan), std::istreambuf_iterator<char>());
    }
    const auto next = emit::render_migration_files(request, format);
    request.history.clear();
    request.existing_sqitch_plan.clear();
    for (const emit::MigrationFile &file : next) directory.write(file.path.string(), file.text);
    CHECK(read_migrations(directory.path(), format).size() == 2 * request.migrations.size());
  }
}
