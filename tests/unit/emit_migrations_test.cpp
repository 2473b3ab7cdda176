#include "schemadiff/emit/file_output.hpp"
#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/emit/migrations.hpp"
#include "schemadiff/error.hpp"

#include "support/scratch_directory.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

using namespace schemadiff;

namespace {

plan::Step step(plan::Phase phase, std::string summary, std::vector<std::string> up, std::vector<std::string> down,
                bool transactional = true) {
  plan::Step made;
  made.phase = phase;
  made.summary = std::move(summary);
  made.up = std::move(up);
  made.down = std::move(down);
  made.transactional = transactional;
  return made;
}

// A plan with every shape the grouping handles: two transactional expand
// steps, a concurrent index, a backfill and a destructive contract step.
plan::Plan mixed_plan() {
  plan::Step drop =
      step(plan::Phase::Contract, "drop column public.users.legacy", {"ALTER TABLE public.users DROP COLUMN legacy"},
           {"ALTER TABLE public.users ADD COLUMN legacy text"});
  drop.limits = plan::Limits{"1s", "0"};
  drop.hazards = {{plan::HazardKind::DataLoss, "the values of public.users.legacy leave the table"}};
  plan::Step table = step(plan::Phase::Expand, "create table public.orders", {"CREATE TABLE public.orders (id bigint)"},
                          {"DROP TABLE public.orders"});
  table.creates = {{model::ObjectKind::Table, "public", "orders", ""}};
  plan::Step column = step(plan::Phase::Expand, "add column public.users.email",
                           {"ALTER TABLE public.users ADD COLUMN email text"}, {"ALTER TABLE public.users DROP COLUMN email"});
  column.creates = {{model::ObjectKind::Column, "public", "users", "email"}};
  plan::Step index = step(plan::Phase::Expand, "create index public.users_email",
                          {"DROP INDEX CONCURRENTLY IF EXISTS public.users_email",
                           "CREATE INDEX CONCURRENTLY users_email ON public.users (email)"},
                          {"DROP INDEX CONCURRENTLY public.users_email"}, false);
  index.limits = plan::Limits{"0", "0"};
  index.creates = {{model::ObjectKind::Index, "public", "users_email", ""}};
  return {
      table,
      column,
      index,
      step(plan::Phase::Backfill, "backfill public.users.email", {"DO $$ BEGIN COMMIT; END $$"}, {}, false),
      drop,
  };
}

std::string read(const std::filesystem::path &file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const emit::MigrationFile &file_named(const std::vector<emit::MigrationFile> &files, const std::string &path) {
  for (const emit::MigrationFile &file : files) {
    if (file.path == path) return file;
  }
  FAIL("no file " << path);
  throw std::logic_error("unreachable");
}

// The up file of a one-migration request: the .up.sql of a pair, else the
// only script.
std::string up_text(const std::vector<emit::MigrationFile> &files) {
  for (const emit::MigrationFile &file : files) {
    if (file.path.string().ends_with(".up.sql")) return file.text;
  }
  return files.front().text;
}

emit::WriteRequest request_for(const plan::Plan &plan) {
  emit::WriteRequest request;
  request.migrations = emit::group_into_migrations(plan);
  request.name = "users_email";
  request.first_version = 20261125120000;
  return request;
}

} // namespace

TEST_CASE("phases never share a migration and each concurrent statement has one of its own") {
  const std::vector<emit::Migration> migrations = emit::group_into_migrations(mixed_plan());
  REQUIRE(migrations.size() == 5);
  CHECK(migrations[0].phase == plan::Phase::Expand);
  CHECK(migrations[0].transactional);
  CHECK(emit::statements_of(migrations[0].up) ==
        std::vector<std::string>{"CREATE TABLE public.orders (id bigint)",
                                 "ALTER TABLE public.users ADD COLUMN email text"});
  // The later step is undone first.
  CHECK(emit::statements_of(migrations[0].down) ==
        std::vector<std::string>{"ALTER TABLE public.users DROP COLUMN email", "DROP TABLE public.orders"});
  CHECK_FALSE(migrations[1].transactional);
  CHECK(migrations[1].up == std::vector<emit::StepStatements>{
                                {plan::Limits{"0", "0"}, {"DROP INDEX CONCURRENTLY IF EXISTS public.users_email"}}});
  CHECK(migrations[1].down.empty());
  CHECK(emit::statements_of(migrations[2].up) ==
        std::vector<std::string>{"CREATE INDEX CONCURRENTLY users_email ON public.users (email)"});
  CHECK(migrations[2].down ==
        std::vector<emit::StepStatements>{{plan::Limits{"0", "0"}, {"DROP INDEX CONCURRENTLY public.users_email"}}});
  CHECK(migrations[3].phase == plan::Phase::Backfill);
  CHECK(migrations[4].phase == plan::Phase::Contract);
  CHECK(migrations[4].hazards.size() == 1);
}

TEST_CASE("a step with more down statements than up ones runs its downs in order from the last migration back") {
  const plan::Plan drop_index = {step(plan::Phase::Contract, "drop index public.i", {"DROP INDEX CONCURRENTLY public.i"},
                                      {"DROP INDEX CONCURRENTLY IF EXISTS public.i",
                                       "CREATE INDEX CONCURRENTLY i ON public.t (a)"},
                                      false)};
  const std::vector<emit::Migration> migrations = emit::group_into_migrations(drop_index);
  REQUIRE(migrations.size() == 2);
  CHECK(emit::statements_of(migrations[0].up) == std::vector<std::string>{"DROP INDEX CONCURRENTLY public.i"});
  CHECK(emit::statements_of(migrations[0].down) ==
        std::vector<std::string>{"CREATE INDEX CONCURRENTLY i ON public.t (a)"});
  CHECK(migrations[1].up.empty());
  CHECK(emit::statements_of(migrations[1].down) ==
        std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS public.i"});
}

TEST_CASE("golang-migrate files: a transaction of our own, and a concurrent statement alone without settings") {
  const auto files = emit::render_migration_files(request_for(mixed_plan()), emit::MigrationFormat::GolangMigrate);
  REQUIRE(files.size() == 10);
  const std::string &expand = file_named(files, "20261125120000_users_email_expand_1.up.sql").text;
  CHECK(expand.rfind("-- schemadiff: up 20261125120000_users_email_expand_1\n-- phase: expand; one transaction\n", 0) == 0);
  CHECK(expand.find("BEGIN;\n\nCREATE TABLE public.orders (id bigint);\n\nALTER TABLE") != std::string::npos);
  CHECK(expand.ends_with("COMMIT;\n"));
  const std::string &index = file_named(files, "20261125120002_users_email_expand_3.up.sql").text;
  CHECK(index.find("CREATE INDEX CONCURRENTLY users_email ON public.users (email);\n") != std::string::npos);
  CHECK(index.find("SET ") == std::string::npos);
  CHECK(index.find("BEGIN") == std::string::npos);
  const std::string &contract = file_named(files, "20261125120004_users_email_contract.up.sql").text;
  CHECK(contract.find("-- hazard data_loss: the values of public.users.legacy leave the table\n") != std::string::npos);
  const std::string &empty_down = file_named(files, "20261125120001_users_email_expand_2.down.sql").text;
  CHECK(empty_down.ends_with("-- nothing to do\n"));
}

TEST_CASE("dbmate files start with their directive and mark statements that need no transaction") {
  const auto files = emit::render_migration_files(request_for(mixed_plan()), emit::MigrationFormat::Dbmate);
  REQUIRE(files.size() == 5);
  const std::string &expand = file_named(files, "20261125120000_users_email_expand_1.sql").text;
  CHECK(expand.rfind("-- migrate:up\n-- schemadiff: up", 0) == 0);
  CHECK(expand.find("BEGIN") == std::string::npos); // dbmate opens the transaction
  CHECK(expand.find("\n-- migrate:down\nALTER TABLE public.users DROP COLUMN email;\n") != std::string::npos);
  const std::string &backfill = file_named(files, "20261125120003_users_email_backfill.sql").text;
  CHECK(backfill.rfind("-- migrate:up transaction:false\n", 0) == 0);
  CHECK(backfill.find("-- migrate:down transaction:false\n") != std::string::npos);
}

TEST_CASE("goose files wrap every statement and say NO TRANSACTION where needed") {
  const auto files = emit::render_migration_files(request_for(mixed_plan()), emit::MigrationFormat::Goose);
  REQUIRE(files.size() == 5);
  const std::string &index = file_named(files, "20261125120002_users_email_expand_3.sql").text;
  CHECK(index.find("-- +goose NO TRANSACTION\n") != std::string::npos);
  // goose sends statements one by one: the limits are set for the
  // statement and reset after it.
  CHECK(index.find("-- +goose Up\n-- +goose StatementBegin\nSET lock_timeout = '0';\n-- +goose StatementEnd\n") !=
        std::string::npos);
  CHECK(index.find("-- +goose StatementBegin\nRESET statement_timeout;\n-- +goose StatementEnd\n") !=
        std::string::npos);
  CHECK(index.find("-- +goose Down\n-- +goose StatementBegin\nSET lock_timeout = '0';\n") != std::string::npos);
  CHECK(index.find("-- +goose StatementBegin\nDROP INDEX CONCURRENTLY public.users_email;\n") != std::string::npos);
  CHECK(file_named(files, "20261125120000_users_email_expand_1.sql").text.find("NO TRANSACTION") == std::string::npos);
}

TEST_CASE("flyway files: versioned, undo, and a script configuration outside a transaction") {
  const auto files = emit::render_migration_files(request_for(mixed_plan()), emit::MigrationFormat::Flyway);
  CHECK(file_named(files, "V20261125120000__users_email_expand_1.sql").text.find("CREATE TABLE") != std::string::npos);
  CHECK(file_named(files, "U20261125120000__users_email_expand_1.sql").text.find("DROP TABLE") != std::string::npos);
  CHECK(file_named(files, "V20261125120002__users_email_expand_3.sql.conf").text == "executeInTransaction=false\n");
  CHECK(file_named(files, "U20261125120002__users_email_expand_3.sql.conf").text == "executeInTransaction=false\n");
  for (const emit::MigrationFile &file : files) CHECK(file.path != "V20261125120000__users_email_expand_1.sql.conf");
}

TEST_CASE("sqitch: deploy, revert and verify scripts and a line each in sqitch.plan") {
  emit::WriteRequest request = request_for(mixed_plan());
  request.existing_sqitch_plan = "%syntax-version=1.0.0\n%project=shop\n\nfirst 2026-01-01T00:00:00Z a <a@b> # first";
  const auto files = emit::render_migration_files(request, emit::MigrationFormat::Sqitch);
  const std::string &plan = file_named(files, "sqitch.plan").text;
  CHECK(plan.rfind("%syntax-version=1.0.0\n%project=shop\n\nfirst 2026-01-01T00:00:00Z a <a@b> # first\n"
                   "20261125120000_users_email_expand_1 2026-11-25T12:00:00Z schemadiff <schemadiff@localhost> # expand "
                   "(create table public.orders)\n",
                   0) == 0);
  CHECK(file_named(files, "deploy/20261125120000_users_email_expand_1.sql").text.find("BEGIN;") != std::string::npos);
  CHECK(file_named(files, "deploy/20261125120002_users_email_expand_3.sql").text.find("BEGIN;") == std::string::npos);
  CHECK(file_named(files, "revert/20261125120004_users_email_contract.sql").text.find("ADD COLUMN legacy") !=
        std::string::npos);
  CHECK(file_named(files, "verify/20261125120000_users_email_expand_1.sql").text.find(
            "SELECT 'public.orders'::regclass;\nSELECT email FROM public.users WHERE false;\n") != std::string::npos);
  // The leftover cleanup leaves nothing; the build leaves the index.
  CHECK(file_named(files, "verify/20261125120001_users_email_expand_2.sql").text.find("::regclass") == std::string::npos);
  CHECK(file_named(files, "verify/20261125120002_users_email_expand_3.sql").text.find(
            "SELECT 'public.users_email'::regclass;") != std::string::npos);
}

TEST_CASE("versions are UTC timestamps that keep increasing past the directory's newest") {
  CHECK(emit::version_of_time(0) == 19700101000000ULL);
  CHECK(emit::version_of_time(1795608059) == 20261125120059ULL);
  emit::WriteRequest request = request_for(mixed_plan());
  emit::WrittenMigration newest;
  newest.version = 20261125120059; // written in the future by another clock
  request.history = {newest};
  const auto files = emit::render_migration_files(request, emit::MigrationFormat::Plain);
  CHECK(files.front().path == "20261125120100_users_email_expand_1.down.sql");
  CHECK(files.back().path == "20261125120104_users_email_contract.up.sql");
  // Hand-numbered migrations (1, 2, 3) are behind any clock.
  newest.version = 3;
  request.history = {newest};
  CHECK(emit::render_migration_files(request, emit::MigrationFormat::Plain).front().path ==
        "20261125120000_users_email_expand_1.down.sql");
}

TEST_CASE("files come in the order that never shows a runner part of a migration") {
  const auto paths = [](emit::MigrationFormat format) {
    std::vector<std::string> listed;
    for (const emit::MigrationFile &file : emit::render_migration_files(request_for(mixed_plan()), format)) {
      listed.push_back(file.path.string());
    }
    return listed;
  };
  // The up makes golang-migrate and psql users see a migration: after its down.
  const std::vector<std::string> pairs = paths(emit::MigrationFormat::GolangMigrate);
  REQUIRE(pairs.size() == 10);
  CHECK(pairs[0] == "20261125120000_users_email_expand_1.down.sql");
  CHECK(pairs[1] == "20261125120000_users_email_expand_1.up.sql");
  CHECK(pairs[9] == "20261125120004_users_email_contract.up.sql");
  CHECK(paths(emit::MigrationFormat::Plain) == pairs);
  // Flyway: each script after its configuration, the V script last.
  const std::vector<std::string> flyway = paths(emit::MigrationFormat::Flyway);
  const auto at = [&flyway](const std::string &path) { return std::find(flyway.begin(), flyway.end(), path); };
  CHECK(at("U20261125120002__users_email_expand_3.sql.conf") < at("U20261125120002__users_email_expand_3.sql"));
  CHECK(at("U20261125120002__users_email_expand_3.sql") < at("V20261125120002__users_email_expand_3.sql.conf"));
  CHECK(at("V20261125120002__users_email_expand_3.sql.conf") < at("V20261125120002__users_email_expand_3.sql"));
  CHECK(at("V20261125120002__users_email_expand_3.sql") < at("U20261125120003__users_email_backfill.sql.conf"));
  // sqitch sees a change through sqitch.plan alone.
  CHECK(paths(emit::MigrationFormat::Sqitch).back() == "sqitch.plan");
}

TEST_CASE("migration names are slugs") {
  CHECK(emit::name_slug("Add column public.users.email") == "add_column_public_users_email");
  CHECK(emit::name_slug("  ---  ") == "migration");
  CHECK(emit::name_slug(std::string(100, 'a')).size() == 60);
  CHECK_THROWS_AS(emit::parse_format("liquibase"), Error);
  CHECK(emit::format_name(emit::parse_format("goose")) == "goose");
}

TEST_CASE("files are written all or none") {
  const testing::ScratchDirectory scratch;
  const std::filesystem::path out = scratch.path() / "generated" / "nested";
  emit::write_files_atomically(out, {{"1_a.up.sql", "SELECT 1;\n"}, {"deploy/1_a.sql", "SELECT 2;\n"}});
  CHECK(read(out / "1_a.up.sql") == "SELECT 1;\n");
  CHECK(read(out / "deploy/1_a.sql") == "SELECT 2;\n");

  // One file exists already: nothing of the batch is written.
  CHECK_THROWS_AS(emit::write_files_atomically(out, {{"2_b.up.sql", "x"}, {"1_a.up.sql", "y"}}), Error);
  CHECK_FALSE(std::filesystem::exists(out / "2_b.up.sql"));
  CHECK(read(out / "1_a.up.sql") == "SELECT 1;\n");
  for (const auto &entry : std::filesystem::recursive_directory_iterator(out)) {
    CHECK(entry.path().string().find(".tmp") == std::string::npos);
  }
  // A file that may be replaced (sqitch.plan) is.
  emit::write_files_atomically(out, {{"1_a.up.sql", "SELECT 3;\n"}}, {"1_a.up.sql"});
  CHECK(read(out / "1_a.up.sql") == "SELECT 3;\n");

  // An unwritable place: an error, and no directory left behind.
  CHECK_THROWS_AS(emit::write_files_atomically("/proc/schemadiff-cannot/x", {{"a.sql", "x"}}), Error);
}

namespace {

// Every entry below `directory`, hidden ones and folders too, with the
// text of each file.
std::map<std::string, std::string> tree(const std::filesystem::path &directory) {
  std::map<std::string, std::string> entries;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(directory)) {
    const std::string name = std::filesystem::relative(entry.path(), directory).string();
    entries[name] = entry.is_regular_file() ? read(entry.path()) : "<" + name + ">";
  }
  return entries;
}

} // namespace

TEST_CASE("a file that cannot be put in place takes back the ones before it and leaves no staging directory") {
  const testing::ScratchDirectory scratch;
  const std::filesystem::path out = scratch.path() / "migrations";
  emit::write_files_atomically(out, {{"sqitch.plan", "old plan\n"}});
  // Where verify/ must be there is a file: found only after deploy/ and
  // revert/ were made and filled, and sqitch.plan not yet replaced.
  scratch.write("migrations/verify", "not a directory\n");
  const auto before = tree(scratch.path());
  CHECK_THROWS_WITH(emit::write_files_atomically(out,
                                                 {{"deploy/1_a.sql", "SELECT 1;\n"},
                                                  {"revert/1_a.sql", "SELECT 2;\n"},
                                                  {"verify/1_a.sql", "SELECT 3;\n"},
                                                  {"sqitch.plan", "new plan\n"}},
                                                 {"sqitch.plan"}),
                    Catch::Contains("needs a directory"));
  CHECK(tree(scratch.path()) == before);
}

TEST_CASE("a missing directory appears whole; the next write removes what a killed one left") {
  const testing::ScratchDirectory scratch;
  const std::filesystem::path out = scratch.path() / "db" / "migrations";
  emit::write_files_atomically(out, {{"1_a.up.sql", "SELECT 1;\n"}, {"deploy/1_a.sql", "SELECT 2;\n"}});
  CHECK(tree(scratch.path()) == std::map<std::string, std::string>{{"db", "<db>"},
                                                                   {"db/migrations", "<db/migrations>"},
                                                                   {"db/migrations/1_a.up.sql", "SELECT 1;\n"},
                                                                   {"db/migrations/deploy", "<db/migrations/deploy>"},
                                                                   {"db/migrations/deploy/1_a.sql", "SELECT 2;\n"}});
  // The leftover of a killed write is removed by the next one.
  scratch.write("db/migrations/.schemadiff-write-999999/0", "half a migration");
  emit::write_files_atomically(out, {{"2_b.up.sql", "SELECT 3;\n"}});
  CHECK_FALSE(std::filesystem::exists(out / ".schemadiff-write-999999"));
  CHECK(read(out / "2_b.up.sql") == "SELECT 3;\n");
}

TEST_CASE("a step that scans or rewrites a table holds no other step's lock: it is a migration of its own") {
  plan::Step add = step(plan::Phase::Contract, "add NOT NULL check NOT VALID",
                        {"ALTER TABLE t ADD CONSTRAINT c CHECK (a IS NOT NULL) NOT VALID"}, {"ALTER TABLE t DROP CONSTRAINT c"});
  add.lock = plan::Lock::AccessExclusive;
  plan::Step validate = step(plan::Phase::Contract, "validate", {"ALTER TABLE t VALIDATE CONSTRAINT c"}, {});
  validate.lock = plan::Lock::ShareUpdateExclusive;
  validate.hazards = {{plan::HazardKind::FullScan, "reads every row"}};
  plan::Step set = step(plan::Phase::Contract, "set NOT NULL", {"ALTER TABLE t ALTER a SET NOT NULL"},
                        {"ALTER TABLE t ALTER a DROP NOT NULL"});
  plan::Step other = step(plan::Phase::Contract, "drop constraint", {"ALTER TABLE t DROP CONSTRAINT d"}, {});
  const std::vector<emit::Migration> migrations = emit::group_into_migrations({add, validate, set, other});
  REQUIRE(migrations.size() == 3);
  CHECK(migrations[0].summaries == std::vector<std::string>{"add NOT NULL check NOT VALID"});
  CHECK(migrations[1].summaries == std::vector<std::string>{"validate"});
  CHECK(migrations[1].transactional);
  CHECK(migrations[2].summaries == std::vector<std::string>{"set NOT NULL", "drop constraint"});
}

namespace {

plan::Step locking(std::string summary, const std::string &table, plan::Lock lock, bool in_use = true) {
  plan::Step made = step(plan::Phase::Expand, std::move(summary), {"ALTER TABLE " + table + " ADD COLUMN c int"},
                         {"ALTER TABLE " + table + " DROP COLUMN c"});
  made.lock = lock;
  made.locked_relation = model::QualifiedName{"public", table};
  made.relation_in_use = in_use;
  made.limits = lock >= plan::Lock::Share ? plan::Limits{"1s", "0"} : plan::Limits{"0", "0"};
  return made;
}

} // namespace

TEST_CASE(
    "one strong lock at a time: a transaction holding a write-blocking lock on a table in use waits for no other") {
  const plan::Plan plan = {
      locking("add column public.a.c", "a", plan::Lock::AccessExclusive),
      locking("add column public.a.d", "a", plan::Lock::AccessExclusive),
      locking("add column public.b.c", "b", plan::Lock::AccessExclusive),
      // Tables the plan creates are used by no one: their locks never wait.
      locking("create index on public.new", "new", plan::Lock::Share, false),
      locking("add column public.c.c", "c", plan::Lock::AccessExclusive),
  };
  const std::vector<emit::Migration> migrations = emit::group_into_migrations(plan);
  REQUIRE(migrations.size() == 3);
  CHECK(migrations[0].summaries == std::vector<std::string>{"add column public.a.c", "add column public.a.d"});
  CHECK(migrations[1].summaries == std::vector<std::string>{"add column public.b.c", "create index on public.new"});
  CHECK(migrations[2].summaries == std::vector<std::string>{"add column public.c.c"});
}

TEST_CASE("one strong lock at a time: weak locks first may share the transaction with a strong one") {
  const plan::Plan plan = {
      locking("comment on public.a", "a", plan::Lock::ShareUpdateExclusive),
      locking("add column public.b.c", "b", plan::Lock::AccessExclusive),
  };
  const std::vector<emit::Migration> migrations = emit::group_into_migrations(plan);
  REQUIRE(migrations.size() == 1);
  CHECK(migrations[0].up.size() == 2);
}

TEST_CASE("limits in a transaction are SET LOCAL, written again only where a step's differ") {
  plan::Step first = locking("add column public.a.c", "a", plan::Lock::AccessExclusive);
  plan::Step second = locking("add column public.a.d", "a", plan::Lock::AccessExclusive);
  plan::Step weak = locking("comment on public.a", "a", plan::Lock::ShareUpdateExclusive);
  const emit::WriteRequest request = request_for({first, second, weak});
  for (const emit::MigrationFormat format : {emit::MigrationFormat::GolangMigrate, emit::MigrationFormat::Plain}) {
    const std::string up = up_text(emit::render_migration_files(request, format));
    CHECK(
        up.find("BEGIN;\n\nSET LOCAL lock_timeout = '1s';\nSET LOCAL statement_timeout = '0';\n\nALTER TABLE a ADD") !=
        std::string::npos);
    CHECK(up.find("SET LOCAL lock_timeout = '1s'") == up.rfind("SET LOCAL lock_timeout = '1s'"));
    CHECK(up.find("SET LOCAL lock_timeout = '0';\nSET LOCAL statement_timeout = '0';") != std::string::npos);
    CHECK(up.find("SET lock_timeout") == std::string::npos); // nothing outlives the transaction
  }
}

TEST_CASE("a statement alone gets SET and RESET where the runner sends statements one by one, a note where it cannot") {
  plan::Step index = step(plan::Phase::Expand, "create index public.i", {"CREATE INDEX CONCURRENTLY i ON public.t (a)"},
                          {"DROP INDEX CONCURRENTLY public.i"}, false);
  index.limits = plan::Limits{"0", "0"};
  const emit::WriteRequest request = request_for({index});
  const std::string plain = up_text(emit::render_migration_files(request, emit::MigrationFormat::Plain));
  CHECK(plain.find("SET lock_timeout = '0';\nSET statement_timeout = '0';\nCREATE INDEX CONCURRENTLY i ON public.t "
                   "(a);\n\nRESET lock_timeout;\nRESET statement_timeout;\n") != std::string::npos);
  const std::string golang = up_text(emit::render_migration_files(request, emit::MigrationFormat::GolangMigrate));
  CHECK(golang.find("SET ") == std::string::npos);
  CHECK(golang.find("-- runs under the connection's own limits") != std::string::npos);
}

TEST_CASE("a statement alone cleans up after a failed attempt first, or says how where the runner cannot") {
  plan::Step index =
      step(plan::Phase::Expand, "create index public.i", {"CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON public.t (a)"},
           {"DROP INDEX CONCURRENTLY IF EXISTS public.i"}, false);
  index.limits = plan::Limits{"0", "0"};
  index.retry_cleanup = "DO $$\nBEGIN\n  DROP INDEX public.i;\nEND\n$$";
  const emit::WriteRequest request = request_for({index});
  for (const emit::MigrationFormat format : {emit::MigrationFormat::Plain, emit::MigrationFormat::Goose}) {
    const std::string up = up_text(emit::render_migration_files(request, format));
    const auto cleanup = up.find("DO $$\nBEGIN\n  DROP INDEX public.i;\nEND\n$$;\n");
    REQUIRE(cleanup != std::string::npos);
    CHECK(cleanup < up.find("CREATE INDEX CONCURRENTLY"));
  }
  const std::string golang = up_text(emit::render_migration_files(request, emit::MigrationFormat::GolangMigrate));
  CHECK(golang.find("-- if an earlier attempt of this file failed half-way, run this first") != std::string::npos);
  CHECK(golang.find("--   DO $$\n--   BEGIN\n--     DROP INDEX public.i;\n--   END\n--   $$;\n") != std::string::npos);
  // Only the up: the down has no leftover to clean.
  for (const emit::MigrationFile &file : emit::render_migration_files(request, emit::MigrationFormat::GolangMigrate)) {
    if (file.path.string().ends_with(".down.sql")) CHECK(file.text.find("DO $$") == std::string::npos);
  }
}

TEST_CASE("one strong lock at a time: a foreign key locks the table it references too") {
  plan::Step add = locking("add column public.accounts.tier", "accounts", plan::Lock::AccessExclusive);
  plan::Step foreign_key =
      locking("add constraint public.accounts.owner_fkey NOT VALID", "accounts", plan::Lock::ShareRowExclusive);
  foreign_key.also_locked = {model::QualifiedName{"public", "owners"}};
  plan::Step again = locking("add column public.accounts.note", "accounts", plan::Lock::AccessExclusive);
  const std::vector<emit::Migration> migrations = emit::group_into_migrations({add, foreign_key, again});
  REQUIRE(migrations.size() == 3);
  // Holding owners' lock, the transaction must not wait for accounts' again.
  CHECK(migrations[1].summaries == std::vector<std::string>{"add constraint public.accounts.owner_fkey NOT VALID"});
}
