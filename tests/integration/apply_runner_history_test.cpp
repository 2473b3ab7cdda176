// apply beside the team's own runner: each runner's history table kept in
// step, so that neither runs a migration the other ran. dbmate runs for real;
// Flyway, a Java program this machine cannot install, is stood in for by its
// table as it documents it and a checksum checked against Java's CRC-32.

#include "apply_project.hpp"

#include "support/migration_runners.hpp"

#include "schemadiff/emit/flyway_history.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

using schemadiff::testing::ProgramResult;
using namespace schemadiff::testing::apply_project;

namespace {

namespace fs = std::filesystem;

// The real dbmate, on the project's migration directory and database.
void run_dbmate(const Project &project, const std::string &command) {
  const auto dbmate = schemadiff::testing::required_program("dbmate", "npm install -g dbmate");
  const std::string url = schemadiff::testing::dbmate_url(project.database.conninfo());
  const auto outcome =
      schemadiff::testing::run_program({dbmate.string(), "--url", url, "--migrations-dir",
                                        (project.directory.path() / "generated").string(), "--no-dump-schema", command},
                                       {}, project.directory.path());
  INFO(outcome.output);
  REQUIRE(outcome.status == 0);
}

// flyway_schema_history as Flyway creates it on PostgreSQL.
constexpr const char *flyway_table = R"(CREATE TABLE public.flyway_schema_history (
  installed_rank integer NOT NULL, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
  script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
  installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, success boolean NOT NULL);
ALTER TABLE public.flyway_schema_history ADD CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank);
CREATE INDEX flyway_schema_history_s_idx ON public.flyway_schema_history (success);
)";

// The project's Flyway scripts with `prefix` (V or U), in version order.
std::vector<fs::path> flyway_scripts(const Project &project, char prefix) {
  std::vector<fs::path> scripts;
  for (const auto &entry : fs::directory_iterator(project.directory.path() / "generated")) {
    const std::string name = entry.path().filename().string();
    if (name.front() == prefix && name.ends_with(".sql")) scripts.push_back(entry.path());
  }
  std::sort(scripts.begin(), scripts.end());
  return scripts;
}

std::int32_t flyway_checksum_of(const fs::path &script) {
  std::ifstream file(script, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return schemadiff::emit::flyway_checksum(text.str());
}

std::size_t lines(const std::string &text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_CASE("apply and the real dbmate keep one history: neither runs what the other ran", "[apply]") {
  const Project project("dbmate");
  project.directory.write("schema/schema.sql", "CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT "
                                               "NULL, nickname text);\n");
  const std::size_t first_files = project.written();
  REQUIRE(first_files == 1);
  run_dbmate(project, "up");

  // A second change, written after dbmate ran the first.
  project.directory.write("schema/schema.sql", new_schema);
  project.written();
  const ProgramResult applied = project.run({"apply"});
  INFO(applied.err);
  REQUIRE(applied.status == 0);
  CHECK_THAT(applied.err, Catch::Contains("the dbmate history says it ran; recorded as applied"));
  CHECK(applied.out.find("create_table_public_accounts") == std::string::npos); // not run again
  check_new_schema(project.database);
  // dbmate sees every migration as applied: its up has nothing to run.
  CHECK(project.database.query_value("SELECT count(*) FROM schema_migrations") == project.history("count(*)"));
  run_dbmate(project, "up");
  CHECK(project.database.query_value("SELECT count(*) FROM schema_migrations") == project.history("count(*)"));

  REQUIRE(project.run({"apply", "--down", "1"}).status == 0);
  CHECK(project.database.query_value("SELECT count(*) FROM schema_migrations") == project.history("count(*)"));
}

TEST_CASE("apply keeps golang-migrate's one-row schema_migrations at the last version it ran", "[apply]") {
  const Project project("golang-migrate");
  project.written();
  std::vector<std::string> versions;
  for (const auto &entry : fs::directory_iterator(project.directory.path() / "generated")) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".up.sql")) versions.push_back(name.substr(0, 14));
  }
  std::sort(versions.begin(), versions.end());
  REQUIRE(versions.size() >= 2);
  // golang-migrate ran the first migration itself.
  schemadiff::testing::run_migration_like_runner(schemadiff::emit::MigrationFormat::GolangMigrate,
                                                 project.directory.path() / "generated", project.database.conninfo(), 0,
                                                 schemadiff::testing::RunDirection::Up);
  project.database.execute("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT "
                           "NULL); INSERT INTO schema_migrations VALUES (" +
                           versions.front() + ", false)");
  const ProgramResult applied = project.run({"apply"});
  INFO(applied.err);
  REQUIRE(applied.status == 0);
  CHECK(std::count(applied.out.begin(), applied.out.end(), '\n') == static_cast<long>(versions.size() - 1));
  CHECK(project.database.query_value("SELECT version || ':' || dirty FROM schema_migrations") ==
        versions.back() + ":false");
  REQUIRE(project.run({"apply", "--down", "1"}).status == 0);
  CHECK(project.database.query_value("SELECT version || ':' || dirty FROM schema_migrations") ==
        versions[versions.size() - 2] + ":false");
}

TEST_CASE("apply keeps Flyway's flyway_schema_history as Flyway writes it, and adopts what Flyway ran", "[apply]") {
  const Project project("flyway");
  project.directory.write("schema/schema.sql", "CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT "
                                               "NULL, nickname text);\n");
  REQUIRE(project.written() >= 1);
  // Flyway ran the first migration, and recorded it in its table.
  schemadiff::testing::run_migration_like_runner(schemadiff::emit::MigrationFormat::Flyway,
                                                 project.directory.path() / "generated", project.database.conninfo(), 0,
                                                 schemadiff::testing::RunDirection::Up);
  const std::vector<fs::path> first = flyway_scripts(project, 'V');
  REQUIRE(first.size() == 1);
  project.database.execute(flyway_table + fmt::format("INSERT INTO flyway_schema_history VALUES (1, '{}', '{}', "
                                                      "'SQL', '{}', {}, 'deployer', now(), 12, true)",
                                                      schemadiff::emit::flyway_version(first[0]),
                                                      schemadiff::emit::flyway_description(first[0]),
                                                      first[0].filename().string(), flyway_checksum_of(first[0])));

  // The rest of the change, written after Flyway ran the first; the second
  // migration failed once under Flyway, half-way outside a transaction.
  project.directory.write("schema/schema.sql", new_schema);
  project.written();
  const std::vector<fs::path> scripts = flyway_scripts(project, 'V');
  REQUIRE(scripts.size() >= 3);
  project.database.execute(fmt::format("INSERT INTO flyway_schema_history VALUES (2, '{}', 'x', 'SQL', '{}', 0, "
                                       "'deployer', now(), 3, false)",
                                       schemadiff::emit::flyway_version(scripts[1]), scripts[1].filename().string()));
  const ProgramResult applied = project.run({"apply"});
  INFO(applied.err);
  REQUIRE(applied.status == 0);
  CHECK_THAT(applied.err, Catch::Contains("the flyway history says it ran; recorded as applied"));
  CHECK(lines(applied.out) == scripts.size() - 1);
  check_new_schema(project.database);

  // One successful row a script, in order, as Flyway writes them: the
  // failed one gone (what `flyway repair` does), its validation satisfied.
  const auto rows = project.database.query_rows(
      "SELECT installed_rank, version, description, type, script, checksum, installed_by = current_user, "
      "execution_time >= 0 AND success FROM flyway_schema_history ORDER BY installed_rank");
  REQUIRE(rows.size() == scripts.size());
  for (std::size_t i = 1; i < scripts.size(); ++i) {
    INFO(scripts[i].filename().string());
    CHECK(rows[i][1] == schemadiff::emit::flyway_version(scripts[i]));
    CHECK(rows[i][2] == schemadiff::emit::flyway_description(scripts[i]));
    CHECK(rows[i][3] == "SQL");
    CHECK(rows[i][4] == scripts[i].filename().string());
    CHECK(rows[i][5] == std::to_string(flyway_checksum_of(scripts[i])));
    CHECK(rows[i][6] == "t");
    CHECK(rows[i][7] == "t");
  }
  CHECK(project.database.query_value("SELECT count(*) FROM flyway_schema_history WHERE NOT success") == "0");

  // Undone as Flyway Teams records an undo: the version pending again for
  // Flyway, and run again by the next apply.
  REQUIRE(project.run({"apply", "--down", "1"}).status == 0);
  const fs::path undo = flyway_scripts(project, 'U').back();
  CHECK(project.database.query_value("SELECT type || ' ' || script || ' ' || checksum FROM flyway_schema_history "
                                     "ORDER BY installed_rank DESC LIMIT 1") ==
        fmt::format("UNDO_SQL {} {}", undo.filename().string(), flyway_checksum_of(undo)));
  const ProgramResult again = project.run({"apply"});
  INFO(again.err);
  REQUIRE(again.status == 0);
  CHECK(lines(again.out) == 1);
  CHECK(project.database.query_value("SELECT type || ' ' || script FROM flyway_schema_history ORDER BY "
                                     "installed_rank DESC LIMIT 1") == "SQL " + scripts.back().filename().string());
}

TEST_CASE("apply takes a Flyway baseline for every version up to it", "[apply]") {
  const Project project("flyway");
  project.written();
  const std::vector<fs::path> scripts = flyway_scripts(project, 'V');
  REQUIRE(scripts.size() >= 2);
  // The database was brought to the first version some other way, and
  // `flyway baseline` marked it so.
  schemadiff::testing::run_migration_like_runner(schemadiff::emit::MigrationFormat::Flyway,
                                                 project.directory.path() / "generated", project.database.conninfo(), 0,
                                                 schemadiff::testing::RunDirection::Up);
  project.database.execute(flyway_table + fmt::format("INSERT INTO flyway_schema_history VALUES (1, '{}', "
                                                      "'<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', "
                                                      "NULL, 'deployer', now(), 0, true)",
                                                      schemadiff::emit::flyway_version(scripts[0])));
  const ProgramResult applied = project.run({"apply"});
  INFO(applied.err);
  REQUIRE(applied.status == 0);
  CHECK(lines(applied.out) == scripts.size() - 1);
  check_new_schema(project.database);
}
