// schemadiff drift, end to end: a live database on the shared cluster, the
// schema files (or the migration directory) beside it, the exit status CI
// gates on, and every output format.

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"
#include "support/xml_document.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::shared_cluster_conninfo;
using schemadiff::testing::TestDatabase;

namespace {

const char *app_schema = R"sql(
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL DEFAULT '', name text);
CREATE INDEX users_email ON users (email);
CREATE FUNCTION total(n integer) RETURNS integer LANGUAGE sql AS $$
  SELECT n + 1
$$;
CREATE VIEW names AS SELECT id, name FROM users;
)sql";

// The issue's three hand-made changes.
const char *hand_changes = R"sql(
CREATE INDEX hotfix ON users (name);
ALTER TABLE users ALTER COLUMN email SET DEFAULT 'none';
CREATE OR REPLACE FUNCTION total(n integer) RETURNS integer LANGUAGE sql AS $$
  SELECT n + 2
$$;
)sql";

// A project directory with schema files, and a live database built from
// the same SQL.
struct Project {
  explicit Project(const std::string &schema_sql = app_schema) {
    directory.write("schema/app.sql", schema_sql);
    database.execute(schema_sql);
  }
  ScratchDirectory directory;
  TestDatabase database;
};

enum class Shadow { SharedCluster, Embedded };

// schemadiff drift in the project's directory, with no DATABASE_URL from
// the test's environment; shadow databases on the shared cluster unless
// the embedded server is wanted.
ProgramResult drift_in(const ScratchDirectory &directory, std::vector<std::string> arguments,
                       Shadow shadow = Shadow::SharedCluster) {
  arguments.insert(arguments.begin(), "drift");
  if (shadow == Shadow::SharedCluster) {
    arguments.push_back("--dev-url");
    arguments.push_back(shared_cluster_conninfo());
  }
  return schemadiff::testing::run_schemadiff_in(directory.path(), std::move(arguments));
}

ProgramResult drift(const Project &project, std::vector<std::string> arguments = {},
                    Shadow shadow = Shadow::SharedCluster) {
  arguments.insert(arguments.begin(), {"--db", project.database.conninfo()});
  return drift_in(project.directory, std::move(arguments), shadow);
}

// Each difference of a json report as "kind name: drift".
std::set<std::string> json_differences(const std::string &out) {
  std::set<std::string> found;
  const auto json = nlohmann::json::parse(out);
  for (const auto &difference : json.at("differences")) {
    found.insert(difference.at("kind").get<std::string>() + " " + difference.at("name").get<std::string>() + ": " +
                 difference.at("drift").get<std::string>());
  }
  return found;
}

const std::set<std::string> issue_differences = {"column public.users.email: differs",
                                                 "index public.hotfix: unexpected_in_database",
                                                 "function public.total(n integer): differs"};

} // namespace

TEST_CASE("drift exits 0 when the live database matches the schema files, in every format", "[drift]") {
  const Project project;
  SECTION("text, with the schema files loaded on the embedded server") {
    const ProgramResult result = drift(project, {}, Shadow::Embedded);
    INFO(result.err);
    CHECK(result.status == 0);
    CHECK_THAT(result.out, Catch::StartsWith("No drift: the database matches the schema files in schema ("));
    CHECK_THAT(result.err, Catch::Contains("the live database") && Catch::Contains("the schema files in schema"));
  }
  SECTION("json") {
    const ProgramResult result = drift(project, {"--format", "json"});
    INFO(result.err);
    CHECK(result.status == 0);
    const auto json = nlohmann::json::parse(result.out);
    CHECK(json["drift"] == false);
    CHECK(json["against"] == "schema");
    CHECK(json["checked"].get<int>() > 5);
    CHECK(json["differences"].empty());
  }
  SECTION("markdown") {
    const ProgramResult result = drift(project, {"--format", "markdown"});
    CHECK(result.status == 0);
    CHECK_THAT(result.out, Catch::StartsWith("### schemadiff drift: no drift\n"));
  }
  SECTION("junit") {
    const ProgramResult result = drift(project, {"--format", "junit"});
    CHECK(result.status == 0);
    const auto suites = schemadiff::testing::parse_xml(result.out);
    CHECK(suites.attribute("failures") == "0");
    CHECK(suites.all("testcase").size() > 5);
    CHECK(suites.all("failure").empty());
  }
}

TEST_CASE("drift exits 1 for an index, a column default and a function body changed by hand, naming each", "[drift]") {
  const Project project;
  project.database.execute(hand_changes);

  SECTION("text shows both sides of each") {
    const ProgramResult result = drift(project);
    INFO(result.err);
    CHECK(result.status == 1);
    CHECK_THAT(result.out,
               Catch::StartsWith("Drift: 3 objects in the database differ from the schema files in schema"));
    CHECK_THAT(result.out,
               Catch::Contains("~ column public.users.email: differs\n"
                               "    -ALTER TABLE public.users ADD COLUMN email text DEFAULT ''::text NOT NULL;\n"
                               "    +ALTER TABLE public.users ADD COLUMN email text DEFAULT 'none'::text NOT "
                               "NULL;\n"));
    CHECK_THAT(result.out, Catch::Contains("+ index public.hotfix: unexpected in the database\n"
                                           "    +CREATE INDEX hotfix ON public.users USING btree (name);\n"));
    CHECK_THAT(result.out, Catch::Contains("~ function public.total(n integer): differs\n"));
    CHECK_THAT(result.out, Catch::Contains("    -  SELECT n + 1\n    +  SELECT n + 2\n"));
    // The view over the table is not drift.
    CHECK_THAT(result.out, !Catch::Contains("public.names"));
  }
  SECTION("json names each with both sides") {
    const ProgramResult result = drift(project, {"--format", "json"});
    CHECK(result.status == 1);
    CHECK(json_differences(result.out) == issue_differences);
    const auto json = nlohmann::json::parse(result.out);
    CHECK(json["drift"] == true);
    for (const auto &difference : json["differences"]) {
      if (difference["kind"] != "function") continue;
      CHECK_THAT(difference["expected"].get<std::string>(), Catch::Contains("SELECT n + 1"));
      CHECK_THAT(difference["actual"].get<std::string>(), Catch::Contains("SELECT n + 2"));
    }
  }
  SECTION("markdown has a row and a diff for each") {
    const ProgramResult result = drift(project, {"--format", "markdown"});
    CHECK(result.status == 1);
    CHECK_THAT(result.out, Catch::StartsWith("### schemadiff drift: 3 objects differ\n"));
    CHECK_THAT(result.out, Catch::Contains("| column `public.users.email` | differs |"));
    CHECK_THAT(result.out, Catch::Contains("| index `public.hotfix` | unexpected in the database |"));
    CHECK_THAT(result.out, Catch::Contains("| function `public.total(n integer)` | differs |"));
    CHECK_THAT(result.out, Catch::Contains("```diff\n"));
  }
  SECTION("junit has a failing testcase for each") {
    const ProgramResult result = drift(project, {"--format", "junit"});
    CHECK(result.status == 1);
    const auto suites = schemadiff::testing::parse_xml(result.out);
    CHECK(suites.attribute("failures") == "3");
    std::set<std::string> failing;
    for (const auto *testcase : suites.all("testcase")) {
      if (!testcase->all("failure").empty())
        failing.insert(testcase->attribute("classname") + " " + testcase->attribute("name"));
    }
    CHECK(failing == std::set<std::string>{"drift.column public.users.email", "drift.index public.hotfix",
                                           "drift.function public.total(n integer)"});
  }
}

TEST_CASE("drift names what the database lacks, as after a migration that never ran, as missing from it", "[drift]") {
  const Project project;
  project.database.execute("DROP INDEX users_email; DROP VIEW names;");
  const ProgramResult result = drift(project, {"--format", "json"});
  CHECK(result.status == 1);
  CHECK(json_differences(result.out) == std::set<std::string>{"index public.users_email: missing_from_database",
                                                              "view public.names: missing_from_database"});
}

TEST_CASE("drift against an unreachable server exits 2 without printing the password", "[drift]") {
  const ScratchDirectory here;
  here.write("schema/app.sql", app_schema);
  for (const std::string format : {"text", "json", "junit"}) {
    INFO(format);
    const ProgramResult result =
        drift_in(here, {"--db", "postgresql://app:hunter2@127.0.0.1:1/app", "--format", format}, Shadow::Embedded);
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::StartsWith("schemadiff: error: "));
    CHECK_THAT(result.err,
               Catch::Contains("postgresql://app:***@127.0.0.1:1/app") && Catch::Contains("cannot connect"));
    CHECK_THAT(result.err + result.out, !Catch::Contains("hunter2"));
    CHECK(result.out.empty());
  }
}

TEST_CASE("drift without a database exits 2 with a hint: it has no embedded default", "[drift]") {
  const ScratchDirectory here;
  here.write("schema/app.sql", app_schema);
  const ProgramResult result = drift_in(here, {});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("no database given") && Catch::Contains("--db"));
  CHECK(result.out.empty());
}

TEST_CASE("[drift] ignore leaves out the objects its patterns name", "[drift]") {
  const Project project;
  project.database.execute(R"sql(
    CREATE TABLE tmp_import (id int PRIMARY KEY, payload jsonb);
    CREATE INDEX import_payload ON tmp_import (id) WHERE payload IS NOT NULL;
    CREATE SCHEMA audit;
    CREATE TABLE audit.log (at timestamptz DEFAULT now(), what text);
    ALTER TABLE users ADD COLUMN legacy_name text;
  )sql");
  SECTION("every drift ignored: exit 0, the count reported") {
    project.directory.write("schemadiff.toml",
                            "[drift]\nignore = [\"public.tmp_*\", \"audit.*\", \"public.users.legacy_*\"]\n");
    const ProgramResult text = drift(project);
    INFO(text.err);
    CHECK(text.status == 0);
    CHECK_THAT(text.out, Catch::StartsWith("No drift:") && Catch::Contains("ignored"));
    const auto json = nlohmann::json::parse(drift(project, {"--format", "json"}).out);
    CHECK(json["ignored"].get<int>() >= 5);
  }
  SECTION("what no pattern names is still drift") {
    project.directory.write("schemadiff.toml", "[drift]\nignore = [\"public.tmp_*\"]\n");
    const ProgramResult result = drift(project, {"--format", "json"});
    CHECK(result.status == 1);
    CHECK(json_differences(result.out) == std::set<std::string>{"schema audit: unexpected_in_database",
                                                                "column public.users.legacy_name: "
                                                                "unexpected_in_database"});
  }
  SECTION("a malformed pattern exits 2 naming the file") {
    project.directory.write("schemadiff.toml", "[drift]\nignore = [\"audit\"]\n");
    const ProgramResult result = drift(project);
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains("schemadiff.toml: [drift] ignore") && Catch::Contains("\"audit\"") &&
                               Catch::Contains("audit.*"));
    CHECK(result.out.empty());
  }
}

TEST_CASE("objects owned by an extension are not drift, an extension added by hand is one", "[drift]") {
  const Project project("CREATE EXTENSION citext;\nCREATE TABLE users (id bigint PRIMARY KEY, email citext);\n");
  const ProgramResult same = drift(project);
  INFO(same.err);
  CHECK(same.status == 0);
  // pg_trgm brings functions, operators, operator classes and types.
  project.database.execute("CREATE EXTENSION pg_trgm");
  const ProgramResult added = drift(project, {"--format", "json"});
  CHECK(added.status == 1);
  CHECK(json_differences(added.out) == std::set<std::string>{"extension pg_trgm: unexpected_in_database"});
}

TEST_CASE("drift with --schema naming a database compares with that database's schema", "[drift]") {
  const Project project;
  const TestDatabase wanted;
  wanted.execute(app_schema);
  wanted.execute("ALTER TABLE users ADD COLUMN nickname text");
  const ProgramResult result =
      drift(project, {"--schema", wanted.conninfo() + " password=hunter2", "--format", "json"});
  INFO(result.err);
  CHECK(result.status == 1);
  CHECK(json_differences(result.out) == std::set<std::string>{"column public.users.nickname: missing_from_database"});
  CHECK_THAT(result.out + result.err, !Catch::Contains("hunter2"));
}
