// Names that try to run SQL of their own: a table, columns, indexes, a
// constraint and comments whose names or texts hold line breaks (LF and
// CR), `--`, `*/`, `;`, quotes, `$$`, a goose and a dbmate directive and
// U+2028, each followed by a GRANT to PUBLIC or a CREATE TABLE canary. Both
// sides of the plan hold them: objects the live database has and the schema
// lacks are dropped (their names then in the up's headers and hazards, and
// in the down's statements), the others are created. In every format, run
// as its runner runs it, and as plan --format sql run by psql, the up
// reaches the desired schema and the down the old one, and neither runs a
// statement of the names' own.

#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/emit/migrations.hpp"
#include "schemadiff/emit/plan_render.hpp"
#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/run/replay.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include "support/migration_runners.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

using namespace schemadiff;
using emit::MigrationFormat;
using pg::quote_ident;
using pg::quote_literal;
using testing::RunDirection;
using testing::ScratchDirectory;
using testing::TestDatabase;

namespace {

// What the names try: a grant on a table that has none, and a table.
const std::string grant = "GRANT ALL ON public.secrets TO PUBLIC;";
const std::string canary = "CREATE TABLE public.canary ();";

// Each at most 63 bytes, PostgreSQL's longest name.
const std::string dropped_index = "x\n" + grant + " --"; // the measured one
const std::string dropped_column = "c\r" + canary + " --";
const std::string created_table = "t */ ; '\" $$ \u2028" + canary;
const std::string goose_column = "v -- +goose Down -- +goose StatementEnd";
const std::string dbmate_constraint = "k -- migrate:down\n" + grant + "--";
const std::string created_index = "i $$ */ \"q\" 'q'\n" + canary + "--";
const std::string comment_text = "note */\n" + grant + " --\n$$ ' \" \u2028 " + canary + " -- +goose Down";

std::string table_name() { return "public." + quote_ident(created_table); }

const std::string secrets = "CREATE TABLE public.secrets (id int PRIMARY KEY, secret text);\n";

std::string old_schema() {
  return secrets + fmt::format("CREATE TABLE public.t (id int PRIMARY KEY, a int, {} text);\n"
                               "CREATE INDEX {} ON public.t (a);\n"
                               "COMMENT ON COLUMN public.t.a IS {};\n",
                               quote_ident(dropped_column), quote_ident(dropped_index), quote_literal(comment_text));
}

const std::string old_rows = "INSERT INTO public.t SELECT g, g % 10, 'kept ' || g FROM generate_series(1, 100) g;\n"
                             "INSERT INTO public.secrets VALUES (1, 'only the owner reads this');\n";

std::string new_schema() {
  return secrets +
         fmt::format("CREATE TABLE public.t (id int PRIMARY KEY, a int, {column} text);\n"
                     "CREATE INDEX {index} ON public.t (a);\n"
                     "CREATE TABLE {table} (id int PRIMARY KEY, n int CONSTRAINT {constraint} CHECK (n > 0));\n"
                     "COMMENT ON TABLE {table} IS {comment};\n"
                     "COMMENT ON COLUMN {table}.n IS {comment};\n"
                     "COMMENT ON CONSTRAINT {constraint} ON {table} IS {comment};\n",
                     fmt::arg("column", quote_ident(goose_column)), fmt::arg("index", quote_ident(created_index)),
                     fmt::arg("table", table_name()), fmt::arg("constraint", quote_ident(dbmate_constraint)),
                     fmt::arg("comment", quote_literal(comment_text)));
}

struct Scenario {
  model::Catalog before;
  model::Catalog desired;
  plan::Plan plan;
  std::vector<emit::Migration> migrations;
};

Scenario plan_scenario() {
  const TestDatabase live;
  live.execute(old_schema() + old_rows);
  live.execute("ANALYZE");
  const ScratchDirectory schema;
  schema.write("schema.sql", new_schema());
  Scenario scenario;
  scenario.before = source::introspect(live.conninfo());
  scenario.desired = source::read_desired_schema(schema.path(), testing::shared_cluster_conninfo());
  REQUIRE(scenario.desired.tables.count({"public", created_table}) == 1);
  REQUIRE(scenario.before.indexes.count({"public", dropped_index}) == 1);
  scenario.plan = plan::build_plan(scenario.before, scenario.desired, {});
  scenario.migrations = emit::group_into_migrations(scenario.plan);
  return scenario;
}

// Nothing ran that the names hold: no canary table, and the secrets still
// granted to no one (a GRANT would leave an ACL).
void check_no_statement_of_the_names_ran(const TestDatabase &database) {
  CHECK(database.query_value("SELECT to_regclass('public.canary') IS NULL") == "t");
  CHECK(database.query_value("SELECT relacl IS NULL FROM pg_class WHERE oid = 'public.secrets'::regclass") == "t");
  CHECK(database.query_value("SELECT has_table_privilege('public', 'public.secrets', 'SELECT')") == "f");
}

// A catalog without sqitch's registry schema.
model::Catalog without_sqitch_registry(model::Catalog catalog) {
  std::erase_if(catalog.schemas, [](const auto &entry) { return entry.first == "sqitch"; });
  std::erase_if(catalog.tables, [](const auto &entry) { return entry.first.schema == "sqitch"; });
  std::erase_if(catalog.indexes, [](const auto &entry) { return entry.first.schema == "sqitch"; });
  std::erase_if(catalog.views, [](const auto &entry) { return entry.first.schema == "sqitch"; });
  std::erase_if(catalog.routines, [](const auto &entry) { return entry.first.schema == "sqitch"; });
  return catalog;
}

// sqitch itself reads sqitch.plan, notes included, when it is installed.
void real_sqitch_round_trip(const Scenario &scenario, const ScratchDirectory &directory) {
  const auto sqitch = testing::required_program("sqitch", "apt-get install sqitch");
  const TestDatabase database;
  database.execute(old_schema() + old_rows);
  std::map<std::string, std::string> environment = testing::libpq_environment(database.conninfo());
  environment["SQITCH_FULLNAME"] = "schemadiff tests";
  environment["SQITCH_EMAIL"] = "tests@schemadiff.invalid";
  environment["SQITCH_USER_CONFIG"] = (directory.path() / "no-user.conf").string();
  const std::string target = "db:pg:" + database.name();
  for (const std::vector<std::string> &argv : {std::vector<std::string>{sqitch.string(), "deploy", "--verify", target},
                                               std::vector<std::string>{sqitch.string(), "plan", target}}) {
    const testing::ProgramOutcome outcome = testing::run_program(argv, environment, directory.path());
    INFO(fmt::format("{}\n{}", fmt::join(argv, " "), outcome.output));
    REQUIRE(outcome.status == 0);
  }
  CHECK(without_sqitch_registry(source::introspect(database.conninfo())).same_schema(scenario.desired));
  check_no_statement_of_the_names_ran(database);
  const testing::ProgramOutcome revert =
      testing::run_program({sqitch.string(), "revert", "-y", target}, environment, directory.path());
  INFO(revert.output);
  REQUIRE(revert.status == 0);
  CHECK(without_sqitch_registry(source::introspect(database.conninfo())).same_schema(scenario.before));
  check_no_statement_of_the_names_ran(database);
}

void check_format(MigrationFormat format) {
  const Scenario scenario = plan_scenario();
  const ScratchDirectory directory;
  emit::WriteRequest request;
  request.migrations = scenario.migrations;
  request.name = "hostile_names";
  request.first_version = emit::version_of_time(1714564800);
  for (const emit::MigrationFile &file : emit::render_migration_files(request, format)) {
    directory.write(file.path.string(), file.text);
  }
  REQUIRE(emit::read_migrations(directory.path(), format).size() == scenario.migrations.size());

  const TestDatabase database;
  database.execute(old_schema() + old_rows);
  testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Up);
  CHECK(source::introspect(database.conninfo()).same_schema(scenario.desired));
  check_no_statement_of_the_names_ran(database);
  testing::run_migrations_like_runner(format, directory.path(), database.conninfo(), RunDirection::Down);
  CHECK(source::introspect(database.conninfo()).same_schema(scenario.before));
  CHECK(database.query_value("SELECT count(*) FILTER (WHERE " + quote_ident(dropped_column) +
                             " LIKE 'kept %') FROM public.t") == "100");
  check_no_statement_of_the_names_ran(database);

  // schemadiff's own replay of the directory (plan and drift without --db).
  const TestDatabase replayed;
  replayed.execute(old_schema());
  CHECK(run::replay_migrations(directory.path(), format, replayed.conninfo()) == scenario.migrations.size());
  CHECK(source::introspect(replayed.conninfo()).same_schema(scenario.desired));
  check_no_statement_of_the_names_ran(replayed);

  if (format == MigrationFormat::Sqitch) real_sqitch_round_trip(scenario, directory);
}

void run_psql(const std::string &conninfo, const std::filesystem::path &script) {
  const testing::ProgramOutcome outcome = testing::run_program(
      {testing::psql_program().string(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-f", script.string()});
  INFO(outcome.output);
  REQUIRE(outcome.status == 0);
}

} // namespace

TEST_CASE("hostile names: golang-migrate files run no statement of the names' own", "[hostile_names]") {
  check_format(MigrationFormat::GolangMigrate);
}

TEST_CASE("hostile names: dbmate files run no statement of the names' own", "[hostile_names]") {
  check_format(MigrationFormat::Dbmate);
}

TEST_CASE("hostile names: goose files run no statement of the names' own", "[hostile_names]") {
  check_format(MigrationFormat::Goose);
}

TEST_CASE("hostile names: flyway files run no statement of the names' own", "[hostile_names]") {
  check_format(MigrationFormat::Flyway);
}

TEST_CASE("hostile names: sqitch files and sqitch.plan run no statement of the names' own", "[hostile_names]") {
  check_format(MigrationFormat::Sqitch);
}

TEST_CASE("hostile names: plain files run no statement of the names' own", "[hostile_names]") {
  check_format(MigrationFormat::Plain);
}

TEST_CASE("hostile names: plan --format sql, run by psql up and down, runs no statement of the names' own",
          "[hostile_names]") {
  const Scenario scenario = plan_scenario();
  const ScratchDirectory scripts;
  const auto up = scripts.write("up.sql", emit::render_plan_sql(scenario.plan));
  const auto down = scripts.write("down.sql", emit::render_plan_sql(scenario.plan, emit::PlanDirection::Down));
  const TestDatabase database;
  database.execute(old_schema() + old_rows);
  run_psql(database.conninfo(), up);
  CHECK(source::introspect(database.conninfo()).same_schema(scenario.desired));
  check_no_statement_of_the_names_ran(database);
  run_psql(database.conninfo(), down);
  CHECK(source::introspect(database.conninfo()).same_schema(scenario.before));
  check_no_statement_of_the_names_ran(database);
}
