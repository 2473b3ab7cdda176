// schemadiff write, end to end: files from the replay of the migration
// directory (or a live database), in every format, all or nothing.

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::TestDatabase;

namespace {

namespace fs = std::filesystem;

ProgramResult schemadiff_in(const ScratchDirectory &directory, std::vector<std::string> arguments) {
  return schemadiff::testing::run_schemadiff_in(directory.path(), std::move(arguments));
}

// Every file below `directory`, relative to it.
std::set<std::string> files_below(const fs::path &directory) {
  std::set<std::string> files;
  if (!fs::exists(directory)) return files;
  for (const auto &entry : fs::recursive_directory_iterator(directory)) {
    if (entry.is_regular_file()) files.insert(fs::relative(entry.path(), directory).string());
  }
  return files;
}

std::set<std::string> added(const std::set<std::string> &before, const std::set<std::string> &after) {
  std::set<std::string> difference;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::inserter(difference, difference.begin()));
  return difference;
}

const char *users_table = "CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL);\n";
const char *orders_table = "CREATE TABLE public.orders (id bigint PRIMARY KEY, user_id bigint REFERENCES public.users);\n";

} // namespace

TEST_CASE("write replays the migration directory: a second write writes nothing, an edit adds only its migrations") {
  const ScratchDirectory project;
  project.write("schema/users.sql", users_table);
  const ProgramResult first = schemadiff_in(project, {"write"});
  INFO(first.err);
  REQUIRE(first.status == 0);
  const std::set<std::string> after_first = files_below(project.path() / "generated");
  REQUIRE(after_first.size() == 2); // one expand migration: up and down
  CHECK_THAT(*after_first.begin(), Catch::Matches("[0-9]{14}_create_table_public_users_expand\\.down\\.sql"));

  const ProgramResult second = schemadiff_in(project, {"write"});
  CHECK(second.status == 0);
  CHECK_THAT(second.err, Catch::Contains("replay of 1 migration(s)") && Catch::Contains("nothing to do"));
  CHECK(files_below(project.path() / "generated") == after_first);

  // An index on the now existing table is built concurrently, alone.
  project.write("schema/users.sql", std::string(users_table) + "CREATE INDEX users_name ON public.users (name);\n");
  const ProgramResult third = schemadiff_in(project, {"write", "--name", "Index user names"});
  INFO(third.err);
  REQUIRE(third.status == 0);
  const std::set<std::string> new_files = added(after_first, files_below(project.path() / "generated"));
  CHECK(new_files.size() == 2); // the build, up and down (its header names the clean-up of a failed attempt)
  for (const std::string &file : new_files) CHECK_THAT(file, Catch::Contains("_index_user_names_expand"));
  CHECK(schemadiff_in(project, {"write"}).status == 0);
  CHECK(files_below(project.path() / "generated").size() == 4);
}

TEST_CASE("write refuses destructive steps without --allow-destructive and writes nothing") {
  const ScratchDirectory project;
  project.write("schema/tables.sql", std::string(users_table) + orders_table);
  REQUIRE(schemadiff_in(project, {"write", "--format", "dbmate"}).status == 0);
  project.write("schema/tables.sql", users_table);
  const std::set<std::string> before = files_below(project.path() / "generated");

  const ProgramResult refused = schemadiff_in(project, {"write", "--format", "dbmate"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("destructive") && Catch::Contains("drop table public.orders") &&
                              Catch::Contains("--allow-destructive"));
  CHECK(files_below(project.path() / "generated") == before);

  const ProgramResult allowed = schemadiff_in(project, {"write", "--format", "dbmate", "--allow-destructive"});
  INFO(allowed.err);
  CHECK(allowed.status == 0);
  CHECK_FALSE(added(before, files_below(project.path() / "generated")).empty());
  CHECK(schemadiff_in(project, {"write", "--format", "dbmate"}).status == 0);
}

TEST_CASE("write reads back its own files in every format") {
  for (const std::string format : {"golang-migrate", "dbmate", "goose", "flyway", "sqitch", "plain"}) {
    DYNAMIC_SECTION(format) {
      const ScratchDirectory project;
      project.write("schema/tables.sql", std::string(users_table) + orders_table +
                                             "CREATE INDEX orders_user ON public.orders (user_id);\n");
      project.write("schemadiff.toml", "[write]\nformat = \"" + format + "\"\n");
      const ProgramResult first = schemadiff_in(project, {"write"});
      INFO(first.err);
      REQUIRE(first.status == 0);
      const std::set<std::string> written = files_below(project.path() / "generated");
      CHECK_FALSE(written.empty());
      const ProgramResult second = schemadiff_in(project, {"write"});
      INFO(second.err);
      CHECK(second.status == 0);
      CHECK_THAT(second.err, Catch::Contains("nothing to do"));
      CHECK(files_below(project.path() / "generated") == written);
    }
  }
}

TEST_CASE("write against a live database plans from it, into --out") {
  const TestDatabase database;
  database.execute(users_table);
  const ScratchDirectory project;
  project.write("schema/tables.sql", std::string(users_table) + orders_table);
  const ProgramResult result =
      schemadiff_in(project, {"write", "--db", database.conninfo(), "--out", "migrations", "--format", "goose"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  const std::set<std::string> files = files_below(project.path() / "migrations");
  CHECK(files.size() == 1);
  CHECK_THAT(*files.begin(), Catch::Matches("[0-9]{14}_create_table_public_orders_and_more_expand\\.sql"));
  CHECK_THAT(result.out, Catch::Contains("migrations/"));
}

TEST_CASE("write with nothing to change writes no file and exits 0") {
  const ScratchDirectory project;
  project.write("schema/empty.sql", "-- nothing yet\n");
  const ProgramResult result = schemadiff_in(project, {"write"});
  CHECK(result.status == 0);
  CHECK_FALSE(fs::exists(project.path() / "generated"));
}

TEST_CASE("a migration directory the replay cannot run is an error naming the file") {
  const ScratchDirectory project;
  project.write("schema/users.sql", users_table);
  project.write("generated/20260101000000_broken.up.sql", "CREATE TABLE broken (id bigint;\n");
  const ProgramResult result = schemadiff_in(project, {"write"});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("20260101000000_broken.up.sql"));
  CHECK(files_below(project.path() / "generated").size() == 1);
}

TEST_CASE("plan with a database URL as --schema makes one database match another") {
  const TestDatabase production;
  production.execute(std::string(users_table) + orders_table);
  const TestDatabase staging;
  staging.execute(users_table);
  const ScratchDirectory project;
  const ProgramResult result = schemadiff_in(project, {"plan", "--db", staging.conninfo(), "--schema",
                                                       production.conninfo(), "--format", "sql"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("CREATE TABLE IF NOT EXISTS public.orders"));
  CHECK_THAT(result.out, !Catch::Contains("CREATE TABLE IF NOT EXISTS public.users"));
}
