// The runner emulation of tests/support/migration_runners, checked on its
// own: written migrations run up and down under each runner's rules, the
// rules refuse what the real runners refuse, and, where the real programs
// are installed (sqitch from Debian, dbmate from npm), they agree.

#include "schemadiff/emit/migration_formats.hpp"

#include "support/migration_runners.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

using namespace schemadiff;
using emit::MigrationFormat;
using testing::RunDirection;
using testing::ScratchDirectory;
using testing::TestDatabase;

namespace {

constexpr std::array<MigrationFormat, 6> all_formats = {MigrationFormat::GolangMigrate, MigrationFormat::Dbmate,
                                                        MigrationFormat::Goose,         MigrationFormat::Flyway,
                                                        MigrationFormat::Sqitch,        MigrationFormat::Plain};

emit::Migration migration(plan::Phase phase, bool transactional, std::vector<std::string> up,
                          std::vector<std::string> down) {
  emit::Migration made;
  made.phase = phase;
  made.transactional = transactional;
  // Limits as the planner gives them: short for a transaction's locks,
  // none for a statement that blocks no one.
  const plan::Limits limits = transactional ? plan::Limits{"1s", "0"} : plan::Limits{"0", "0"};
  if (!up.empty()) made.up = {{limits, std::move(up)}};
  if (!down.empty()) made.down = {{limits, std::move(down)}};
  made.summaries = {"a step"};
  return made;
}

// A table with rows, an index built concurrently, a backfill that commits
// inside a DO block, and a check: each shape of migration the grouping makes.
std::vector<emit::Migration> every_shape() {
  return {
      migration(plan::Phase::Expand, true,
                {"CREATE TABLE t (a int, b int)", "INSERT INTO t SELECT g, NULL FROM generate_series(1, 100) g"},
                {"DROP TABLE t"}),
      migration(plan::Phase::Expand, false, {"CREATE INDEX CONCURRENTLY t_a ON t (a)"},
                {"DROP INDEX CONCURRENTLY t_a"}),
      migration(plan::Phase::Backfill, false, {"DO $$ BEGIN UPDATE t SET b = a * 2; COMMIT; END $$"}, {}),
      migration(plan::Phase::Contract, true, {"ALTER TABLE t ADD CONSTRAINT t_b_positive CHECK (b > 0)"},
                {"ALTER TABLE t DROP CONSTRAINT t_b_positive"}),
  };
}

void write_migrations(const ScratchDirectory &directory, const std::vector<emit::Migration> &migrations,
                      MigrationFormat format) {
  emit::WriteRequest request;
  request.name = "shapes";
  request.first_version = 20240501120000;
  request.migrations = migrations;
  for (const emit::MigrationFile &file : emit::render_migration_files(request, format)) {
    directory.write(file.path.string(), file.text);
  }
}

void check_up(const TestDatabase &database) {
  CHECK(database.query_value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_a'::regclass") == "t");
  CHECK(database.query_value("SELECT sum(b) FROM t") == "10100");
  CHECK(database.query_value("SELECT count(*) FROM pg_constraint WHERE conname = 't_b_positive'") == "1");
}

bool table_exists(const TestDatabase &database) {
  return database.query_value("SELECT to_regclass('public.t') IS NOT NULL") == "t";
}

std::string runner_failure(MigrationFormat format, const ScratchDirectory &directory, const TestDatabase &database) {
  try {
    testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Up);
  } catch (const std::exception &error) {
    return error.what();
  }
  return {};
}

} // namespace

TEST_CASE("Written migrations run up and down as each runner runs them", "[runners]") {
  for (const MigrationFormat format : all_formats) {
    INFO(emit::format_name(format));
    const TestDatabase database;
    const ScratchDirectory directory;
    write_migrations(directory, every_shape(), format);
    testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Up);
    check_up(database);
    testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Down);
    CHECK_FALSE(table_exists(database));
  }
}

TEST_CASE("The emulated runners refuse what the real ones refuse", "[runners]") {
  const TestDatabase database;
  database.execute("CREATE TABLE t (a int)");
  SECTION("golang-migrate: a file of several statements is one transaction") {
    const ScratchDirectory directory;
    directory.write("1_x.up.sql", "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
    CHECK_THAT(runner_failure(MigrationFormat::GolangMigrate, directory, database),
               Catch::Contains("cannot run inside a transaction block"));
  }
  SECTION("dbmate: a section without transaction:false runs in one") {
    const ScratchDirectory directory;
    directory.write("1_x.sql", "-- migrate:up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\n");
    CHECK_THAT(runner_failure(MigrationFormat::Dbmate, directory, database),
               Catch::Contains("cannot run inside a transaction block"));
  }
  SECTION("goose: a file without NO TRANSACTION runs in one") {
    const ScratchDirectory directory;
    directory.write("1_x.sql", "-- +goose Up\nDO $$ BEGIN COMMIT; END $$;\n");
    CHECK_THAT(runner_failure(MigrationFormat::Goose, directory, database),
               Catch::Contains("invalid transaction termination"));
  }
  SECTION("flyway: mixing statements that need a transaction block and ones that cannot have one") {
    const ScratchDirectory directory;
    directory.write("V1__x.sql", "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
    CHECK_THAT(runner_failure(MigrationFormat::Flyway, directory, database), Catch::Contains("mixes"));
  }
  SECTION("plain: psql stops at the first error") {
    const ScratchDirectory directory;
    directory.write("1_x.up.sql", "CREATE TABLE u (a int);\nSELECT * FROM missing;\nCREATE TABLE v (a int);\n");
    CHECK_THAT(runner_failure(MigrationFormat::Plain, directory, database), Catch::Contains("missing"));
    CHECK(database.query_value("SELECT to_regclass('public.v') IS NULL") == "t");
  }
}

TEST_CASE("sqitch deploys and reverts written migrations", "[runners][sqitch]") {
  const auto sqitch = testing::required_program("sqitch", "apt-get install sqitch");
  const TestDatabase database;
  const ScratchDirectory directory;
  write_migrations(directory, every_shape(), MigrationFormat::Sqitch);
  std::map<std::string, std::string> environment = testing::libpq_environment(database.conninfo());
  environment["SQITCH_FULLNAME"] = "schemadiff tests";
  environment["SQITCH_EMAIL"] = "tests@schemadiff.invalid";
  environment["SQITCH_USER_CONFIG"] = (directory.path() / "no-user.conf").string();
  const std::string target = "db:pg:" + database.name();

  const auto deployed =
      testing::run_program({sqitch.string(), "deploy", "--verify", target}, environment, directory.path());
  INFO(deployed.output);
  REQUIRE(deployed.status == 0);
  check_up(database);
  const auto reverted = testing::run_program({sqitch.string(), "revert", "-y", target}, environment, directory.path());
  INFO(reverted.output);
  REQUIRE(reverted.status == 0);
  CHECK_FALSE(table_exists(database));
}

TEST_CASE("dbmate applies and rolls back written migrations", "[runners][dbmate]") {
  const auto dbmate = testing::required_program("dbmate", "npm install -g dbmate");
  const TestDatabase database;
  const ScratchDirectory directory;
  const std::vector<emit::Migration> migrations = every_shape();
  write_migrations(directory, migrations, MigrationFormat::Dbmate);
  const std::string url = testing::dbmate_url(database.conninfo());
  const std::vector<std::string> common = {dbmate.string(),           "--url",           url, "--migrations-dir",
                                           directory.path().string(), "--no-dump-schema"};

  auto up = common;
  up.push_back("up");
  const auto applied = testing::run_program(up);
  INFO(applied.output);
  REQUIRE(applied.status == 0);
  check_up(database);
  auto rollback = common;
  rollback.push_back("rollback");
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const auto rolled_back = testing::run_program(rollback);
    INFO(rolled_back.output);
    REQUIRE(rolled_back.status == 0);
  }
  CHECK_FALSE(table_exists(database));
}
