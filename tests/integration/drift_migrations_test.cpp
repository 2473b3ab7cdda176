// drift --against migrations: the live database against the replay of the
// migration directory, in the runner's format from [write] format.

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::shared_cluster_conninfo;
using schemadiff::testing::TestDatabase;

namespace {

const char *create_users = "CREATE TABLE public.users (id bigint PRIMARY KEY, email text NOT NULL);\n";
const char *index_email = "CREATE INDEX users_email ON public.users (email);\n";

ProgramResult drift_against_migrations(const ScratchDirectory &project, const TestDatabase &database,
                                       std::vector<std::string> extra = {}) {
  std::vector<std::string> arguments = {"drift",    "--against", "migrations", "--db", database.conninfo(),
                                        "--format", "json"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return schemadiff::testing::run_schemadiff_in(project.path(), arguments);
}

std::set<std::string> differences(const std::string &out) {
  std::set<std::string> found;
  const auto json = nlohmann::json::parse(out);
  for (const auto &difference : json.at("differences")) {
    found.insert(difference["kind"].get<std::string>() + " " + difference["name"].get<std::string>() + ": " +
                 difference["drift"].get<std::string>());
  }
  return found;
}

} // namespace

TEST_CASE("drift against the migrations: a migration that never ran is drift, running it ends the drift", "[drift]") {
  const ScratchDirectory project;
  project.write("generated/20240101000000_users.up.sql", create_users);
  project.write("generated/20240101000000_users.down.sql", "DROP TABLE public.users;\n");
  project.write("generated/20240102000000_email_index.up.sql", index_email);
  project.write("generated/20240102000000_email_index.down.sql", "DROP INDEX public.users_email;\n");
  const TestDatabase database;
  database.execute(create_users);

  // No --dev-url: the replay runs on the embedded server.
  const ProgramResult behind = drift_against_migrations(project, database);
  INFO(behind.err);
  CHECK(behind.status == 1);
  CHECK(differences(behind.out) == std::set<std::string>{"index public.users_email: missing_from_database"});
  const auto json = nlohmann::json::parse(behind.out);
  CHECK(json["against"] == "migrations");
  CHECK(json["source"] == "generated");
  CHECK_THAT(behind.err, Catch::Contains("replayed 2 migration(s) from generated"));

  database.execute(index_email);
  const ProgramResult caught_up = drift_against_migrations(project, database, {"--dev-url", shared_cluster_conninfo()});
  INFO(caught_up.err);
  CHECK(caught_up.status == 0);
  CHECK(differences(caught_up.out).empty());
}

TEST_CASE("drift against the migrations reads them in the format of [write] format, from --out", "[drift]") {
  const ScratchDirectory project;
  project.write("schemadiff.toml", "[write]\nformat = \"dbmate\"\n");
  project.write("db/migrations/20240101000000_users.sql",
                std::string("-- migrate:up\n") + create_users + "-- migrate:down\nDROP TABLE public.users;\n");
  const TestDatabase database;
  database.execute(create_users);
  database.execute("ALTER TABLE users ADD COLUMN nickname text");

  const ProgramResult result =
      drift_against_migrations(project, database, {"--out", "db/migrations", "--dev-url", shared_cluster_conninfo()});
  INFO(result.err);
  CHECK(result.status == 1);
  CHECK(differences(result.out) == std::set<std::string>{"column public.users.nickname: unexpected_in_database"});
}

TEST_CASE("drift against a migration the server refuses exits 2 naming its file", "[drift]") {
  const ScratchDirectory project;
  project.write("generated/20240101000000_broken.up.sql", "CREATE TABLE t (id nosuchtype);\n");
  const TestDatabase database;
  const ProgramResult result = drift_against_migrations(project, database, {"--dev-url", shared_cluster_conninfo()});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("20240101000000_broken.up.sql"));
  CHECK(result.out.empty());
}

TEST_CASE("drift against a migration directory that does not exist exits 2 naming it", "[drift]") {
  const ScratchDirectory project;
  const TestDatabase database;
  const ProgramResult result = drift_against_migrations(project, database, {"--out", "nowhere"});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("nowhere: the migration directory does not exist"));
  CHECK(result.out.empty());
}
