#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>

using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;

namespace {

// Runs schemadiff in `directory` with no DATABASE_URL from the test's environment.
ProgramResult schemadiff_in(const ScratchDirectory &directory, std::vector<std::string> arguments,
                            std::map<std::string, std::string> environment = {}) {
  return schemadiff::testing::run_schemadiff_in(directory.path(), std::move(arguments), std::move(environment));
}

const std::vector<std::string> commands = {"plan", "write", "drift", "inspect", "verify", "apply"};

} // namespace

TEST_CASE("help lists every subcommand and exits 0") {
  const ScratchDirectory here;
  const ProgramResult result = schemadiff_in(here, {"--help"});
  CHECK(result.status == 0);
  for (const std::string &command : commands) CHECK_THAT(result.out, Catch::Contains(command));
}

TEST_CASE("every subcommand has its own help") {
  const ScratchDirectory here;
  for (const std::string &command : commands) {
    const ProgramResult result = schemadiff_in(here, {command, "--help"});
    INFO(command);
    CHECK(result.status == 0);
    CHECK_THAT(result.out, Catch::Contains("schemadiff " + command) && Catch::Contains("--db"));
  }
}

TEST_CASE("the version flag prints the version") {
  const ScratchDirectory here;
  const ProgramResult result = schemadiff_in(here, {"--version"});
  CHECK(result.status == 0);
  CHECK_THAT(result.out, Catch::StartsWith("schemadiff 0."));
}

TEST_CASE("no subcommand, an unknown flag or an unknown format exits 2 with a message") {
  const ScratchDirectory here;
  for (const auto &arguments : std::vector<std::vector<std::string>>{
           {}, {"plan", "--frobnicate"}, {"plan", "--format", "yaml"}, {"launch"}, {"drift", "--against", "x"}}) {
    const ProgramResult result = schemadiff_in(here, arguments);
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::StartsWith("schemadiff: error: "));
    CHECK(result.out.empty());
  }
}

TEST_CASE("an unknown configuration key exits 2 naming file, line and column") {
  const ScratchDirectory here;
  here.write("schemadiff.toml", "[safety]\nlock_timeout = \"1s\"\nbatch_rows = 10\n");
  const ProgramResult result = schemadiff_in(here, {"inspect", "--db", "postgresql://nowhere/x"});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("schemadiff.toml:3:1: unknown key 'batch_rows' in [safety]"));
}

TEST_CASE("malformed TOML given with --config exits 2 naming line and column") {
  const ScratchDirectory here;
  const auto file = here.write("conf/settings.toml", "[database]\nurl = 'unterminated\n");
  const ProgramResult result = schemadiff_in(here, {"--config", file.string(), "inspect"});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains(file.string() + ":2:"));
}

TEST_CASE("a config file given on the command line that does not exist exits 2") {
  const ScratchDirectory here;
  const ProgramResult result = schemadiff_in(here, {"plan", "--config", "missing.toml"});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("missing.toml") && Catch::Contains("does not exist"));
}

TEST_CASE("commands that need a live database say so when none is given") {
  const ScratchDirectory here;
  for (const std::string command : {"inspect", "drift", "apply"}) {
    const ProgramResult result = schemadiff_in(here, {command});
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains("no database given") && Catch::Contains("DATABASE_URL"));
  }
}

TEST_CASE("an unreachable server is an error whose message never shows the password") {
  const ScratchDirectory here;
  SECTION("from --db as a URL") {
    const ProgramResult result = schemadiff_in(here, {"inspect", "--db", "postgresql://app:hunter2@127.0.0.1:1/app"});
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains("postgresql://app:***@127.0.0.1:1/app") && Catch::Contains("cannot connect"));
    CHECK_THAT(result.err, !Catch::Contains("hunter2"));
  }
  SECTION("from --db as key=value") {
    const ProgramResult result =
        schemadiff_in(here, {"plan", "--db", "host=127.0.0.1 port=1 user=app password='hunter2' dbname=app"});
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains("password=***"));
    CHECK_THAT(result.err, !Catch::Contains("hunter2"));
  }
  SECTION("from DATABASE_URL") {
    const ProgramResult result =
        schemadiff_in(here, {"drift"}, {{"DATABASE_URL", "postgresql://app:hunter2@127.0.0.1:1/app"}});
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains("app:***@") && !Catch::Contains("hunter2"));
  }
  SECTION("from database.url, which --db overrides") {
    here.write("schemadiff.toml", "[database]\nurl = \"postgresql://cfg:hunter2@127.0.0.1:1/app\"\n");
    const ProgramResult from_config = schemadiff_in(here, {"inspect"});
    CHECK_THAT(from_config.err, Catch::Contains("cfg:***@") && !Catch::Contains("hunter2"));
    const ProgramResult from_flag = schemadiff_in(here, {"inspect", "--db", "postgresql://flag@127.0.0.1:1/app"});
    CHECK_THAT(from_flag.err, Catch::Contains("flag@127.0.0.1") && !Catch::Contains("cfg"));
  }
}

TEST_CASE("a reachable live database is connected to before the command reports it is not built yet") {
  const ScratchDirectory here;
  const schemadiff::testing::TestDatabase database;
  const ProgramResult result = schemadiff_in(here, {"verify", "--db", database.conninfo()});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("the live database") && Catch::Contains("not built yet"));
  CHECK(result.out.empty());
}

TEST_CASE("plan without a database plans against an embedded server and removes it") {
  const ScratchDirectory here;
  here.write("schema/app.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n");
  const ProgramResult result = schemadiff_in(here, {"plan", "--format", "sql"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("CREATE TABLE IF NOT EXISTS public.t"));
  CHECK_THAT(result.err, Catch::Contains("embedded server"));
  for (const auto &entry : std::filesystem::directory_iterator(here.path())) {
    CHECK_THAT(entry.path().filename().string(), !Catch::StartsWith("schemadiff-"));
  }
}

TEST_CASE("plan with a pg-bin directory without server programs exits 2 naming the package") {
  const ScratchDirectory here;
  const ProgramResult result = schemadiff_in(here, {"plan", "--pg-bin", "/nonexistent/bin"});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("/nonexistent/bin") && Catch::Contains("apt-get install postgresql"));
}
