// schemadiff apply, end to end: the written files of every format run on a
// database with rows, as the executable runs them, under the faults an
// operator meets: a lock held by another session, an edited file, a second
// apply, a concurrent build that fails half-way.

#include "apply_backfill_settings.hpp"

#include "apply_project.hpp"

#include "support/child_run.hpp"
#include "support/migration_runners.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

using schemadiff::testing::backfill_settings;
using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::shared_cluster_conninfo;
using schemadiff::testing::TestDatabase;

namespace {

namespace fs = std::filesystem;
using namespace schemadiff::testing::apply_project;

std::size_t lines(const std::string &text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_CASE("apply runs every format's pending migrations once, records each, and drift then finds nothing", "[apply]") {
  const std::string format = GENERATE("golang-migrate", "dbmate", "goose", "flyway", "sqitch", "plain");
  INFO(format);
  const Project project(format);
  project.written();

  const ProgramResult first = project.run({"apply"});
  INFO(first.err);
  REQUIRE(first.status == 0);
  check_new_schema(project.database);
  const std::size_t applied = lines(first.out);
  CHECK(applied >= 2); // expand, then the contract that validates
  CHECK(project.history("count(*)") == std::to_string(applied));
  CHECK(project.history("count(*) FILTER (WHERE finished_at IS NULL)") == "0");
  CHECK(project.history("min(length(checksum))") == "64");
  CHECK_THAT(project.history("min(applied_by)"), Catch::Contains("schemadiff apply by"));

  const ProgramResult second = project.run({"apply"});
  CHECK(second.status == 0);
  CHECK(second.out.empty());
  CHECK_THAT(second.err, Catch::Contains("nothing pending"));

  const ProgramResult drift = schemadiff::testing::run_schemadiff_in(
      project.directory.path(), {"drift", "--db", project.database.conninfo(), "--dev-url", shared_cluster_conninfo()});
  INFO(drift.out);
  CHECK(drift.status == 0);
}

TEST_CASE("apply retries a step whose lock another session holds, and it succeeds once the lock is released",
          "[apply]") {
  const Project project("dbmate", "");
  project.written();
  pqxx::connection holder(project.database.conninfo());
  pqxx::work reader(holder);
  reader.exec("LOCK TABLE accounts IN ACCESS SHARE MODE"); // a long reader: ADD COLUMN must wait for it

  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    reader.commit();
  });
  const ProgramResult result = project.run({"apply"});
  release.join();
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK_THAT(result.err, Catch::Contains("canceling statement due to lock timeout") && Catch::Contains("try 2 of 3"));
  check_new_schema(project.database);
}

TEST_CASE("apply exits 1 naming the step when the lock is never released, and the next apply finishes", "[apply]") {
  const Project project("plain");
  project.written();
  {
    pqxx::connection holder(project.database.conninfo());
    pqxx::work reader(holder);
    reader.exec("LOCK TABLE accounts IN ACCESS SHARE MODE");
    const ProgramResult failed = project.run({"apply"});
    INFO(failed.err);
    CHECK(failed.status == 1);
    CHECK_THAT(failed.err, Catch::Contains("ADD COLUMN IF NOT EXISTS nickname") && Catch::Contains("lock timeout") &&
                               Catch::Contains("after 3 tries") && Catch::Contains(".up.sql:"));
    // Nothing half-applied: the transaction rolled back whole.
    CHECK(project.database.query_value("SELECT count(*) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND "
                                       "attname = 'nickname'") == "0");
    CHECK(project.history("count(*) FILTER (WHERE finished_at IS NULL)") == "1");
  }
  const ProgramResult rerun = project.run({"apply"});
  INFO(rerun.err);
  CHECK(rerun.status == 0);
  check_new_schema(project.database);
}

TEST_CASE("apply refuses an applied file that was edited since, unless --force", "[apply]") {
  const Project project("golang-migrate");
  project.written();
  REQUIRE(project.run({"apply"}).status == 0);
  fs::path up;
  for (const auto &entry : fs::directory_iterator(project.directory.path() / "generated")) {
    const std::string name = entry.path().filename().string();
    if (name.find("expand") != std::string::npos && name.ends_with(".up.sql") && (up.empty() || entry.path() < up)) {
      up = entry.path();
    }
  }
  REQUIRE(!up.empty());
  project.directory.write(fs::relative(up, project.directory.path()).string(),
                          "-- edited by hand\nALTER TABLE public.accounts ADD COLUMN IF NOT EXISTS nickname text;\n");
  const ProgramResult refused = project.run({"apply"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("its file has changed since") && Catch::Contains(up.filename().string()));

  const ProgramResult forced = project.run({"apply", "--force"});
  INFO(forced.err);
  CHECK(forced.status == 0);
  CHECK(project.run({"apply"}).status == 0); // the new checksum is the recorded one
}

TEST_CASE("apply --down reverts the last migrations and their history, and apply brings them back", "[apply]") {
  const Project project("goose");
  const std::size_t files = project.written();
  REQUIRE(files >= 2);
  REQUIRE(project.run({"apply"}).status == 0);
  const std::string applied = project.history("count(*)");

  const ProgramResult down = project.run({"apply", "--down", applied});
  INFO(down.err);
  REQUIRE(down.status == 0);
  CHECK(project.history("count(*)") == "0");
  CHECK(project.database.query_value("SELECT to_regclass('public.orders') IS NULL") == "t");
  CHECK(project.database.query_value("SELECT count(*) FROM accounts") == "2000");

  CHECK(project.run({"apply", "--down", "1"}).status == 2); // nothing applied to revert
  REQUIRE(project.run({"apply"}).status == 0);
  check_new_schema(project.database);
}

TEST_CASE("apply --dry-run says what would run and changes nothing", "[apply]") {
  const Project project("dbmate");
  project.written();
  const ProgramResult dry = project.run({"apply", "--dry-run"});
  INFO(dry.err);
  CHECK(dry.status == 0);
  CHECK_THAT(dry.err, Catch::Contains("would run up") && Catch::Contains("CREATE INDEX CONCURRENTLY"));
  CHECK(project.database.query_value("SELECT to_regclass('schemadiff.migration_history') IS NULL") == "t");
  CHECK(project.database.query_value("SELECT to_regclass('public.orders') IS NULL") == "t");
}

TEST_CASE("one apply at a time: a second one exits 2 naming the first, or waits for it with --wait", "[apply]") {
  const Project project("golang-migrate");
  project.written();
  pqxx::connection other(project.database.conninfo());
  pqxx::nontransaction session(other);
  session.exec("SET application_name = 'the other apply'");
  session.exec("SELECT pg_advisory_lock(x'736368656D61'::bigint)");

  const ProgramResult refused = project.run({"apply"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err,
             Catch::Contains("another schemadiff apply is running") && Catch::Contains("application the other apply"));
  CHECK(project.database.query_value("SELECT to_regclass('public.orders') IS NULL") == "t");

  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    session.exec("SELECT pg_advisory_unlock(x'736368656D61'::bigint)");
  });
  const ProgramResult waited = project.run({"apply", "--wait", "20"});
  release.join();
  INFO(waited.err);
  CHECK(waited.status == 0);
  CHECK_THAT(waited.err, Catch::Contains("waiting for another schemadiff apply"));
  check_new_schema(project.database);
}

TEST_CASE("a concurrent build that failed leaves an INVALID index that the next apply drops before building again",
          "[apply]") {
  const Project project("dbmate");
  project.directory.write("schema/schema.sql",
                          std::string(old_schema) +
                              "CREATE UNIQUE INDEX accounts_email_key ON public.accounts (email);\n");
  project.written();
  project.database.execute("UPDATE accounts SET email = 'same@example.com' WHERE id IN (1, 2)");

  const ProgramResult failed = project.run({"apply"});
  CHECK(failed.status == 1);
  CHECK_THAT(failed.err, Catch::Contains("could not create unique index"));
  CHECK(project.database.query_value("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                     "'public.accounts_email_key'::regclass") == "f");

  project.database.execute("UPDATE accounts SET email = 'other@example.com' WHERE id = 2");
  const ProgramResult rerun = project.run({"apply"});
  INFO(rerun.err);
  CHECK(rerun.status == 0);
  CHECK(project.database.query_value("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                     "'public.accounts_email_key'::regclass") == "t");
}

TEST_CASE("apply refuses destructive migrations without --allow-destructive, and bad input exits 2", "[apply]") {
  const Project project("golang-migrate");
  project.directory.write("schema/schema.sql", "CREATE TABLE public.kept (id int PRIMARY KEY);\n");
  const ProgramResult write = project.run({"write", "--allow-destructive"});
  REQUIRE(write.status == 0);
  const ProgramResult refused = project.run({"apply"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("destructive") && Catch::Contains("--allow-destructive"));
  CHECK(project.database.query_value("SELECT to_regclass('public.accounts') IS NOT NULL") == "t");
  const ProgramResult allowed = project.run({"apply", "--allow-destructive"});
  INFO(allowed.err);
  CHECK(allowed.status == 0);
  CHECK(project.database.query_value("SELECT to_regclass('schemadiff_backup.\"public.accounts\"') IS NOT NULL") == "t");

  const ProgramResult no_directory = project.run({"apply", "--out", "missing"});
  CHECK(no_directory.status == 2);
  CHECK_THAT(no_directory.err, Catch::Contains("the migration directory does not exist"));
  const ProgramResult no_database =
      schemadiff::testing::run_schemadiff_in(project.directory.path(), {"apply"}, {{"DATABASE_URL", ""}});
  CHECK(no_database.status == 2);
  CHECK_THAT(no_database.err, Catch::Contains("no database given"));
}

namespace {

// 20,000 rows, and schema files that add a NOT NULL column the backfill fills.
void write_backfill(const Project &project) {
  project.database.execute("INSERT INTO accounts SELECT g, 'more' || g FROM generate_series(2001, 20000) g");
  project.database.execute("ANALYZE accounts");
  project.directory.write("schema/schema.sql", "CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT "
                                               "NULL, tag text NOT NULL);\n");
  project.written();
}

} // namespace

TEST_CASE("apply paces a backfill: batches grow toward the target duration, progress says how far", "[apply]") {
  const Project project("plain", backfill_settings(""));
  write_backfill(project);
  const ProgramResult result = project.run({"apply"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(project.database.query_value("SELECT count(*) FROM accounts WHERE tag IS NULL") == "0");
  CHECK(project.database.query_value("SELECT count(*) FROM accounts WHERE tag = 'tag-' || id") == "20000");
  // 200-row batches finish far under 2 s: each next one doubles.
  CHECK_THAT(result.err,
             Catch::Contains("backfill public.accounts.tag: 20000 of ~20000 rows") && Catch::Contains("next batch"));
  CHECK_THAT(result.err, !Catch::Contains("next batch 200 rows"));
}

TEST_CASE("a backfill whose connection is killed half-way resumes with the next apply and fills every row once",
          "[apply]") {
  const Project project("plain", backfill_settings("batch_pause_ms = 300"));
  write_backfill(project);
  // Each row the backfill fills is counted: a row filled twice would show.
  project.database.execute(R"(CREATE TABLE fills (id bigint PRIMARY KEY, times int NOT NULL);
CREATE FUNCTION count_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The column does not exist yet: read through jsonb.
  IF to_jsonb(OLD) ->> 'tag' IS NULL AND to_jsonb(NEW) ->> 'tag' IS NOT NULL THEN
    INSERT INTO fills VALUES (NEW.id, 1) ON CONFLICT (id) DO UPDATE SET times = fills.times + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER count_fill AFTER UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION count_fill())");
  std::thread killer([&] {
    pqxx::connection watcher(project.database.conninfo());
    for (int i = 0; i < 3000; ++i) {
      pqxx::nontransaction work(watcher);
      if (work.exec("SELECT count(*) FROM fills")[0][0].as<int>() > 0) {
        work.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                  "'schemadiff apply' AND datname = current_database()");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const ProgramResult killed = project.run({"apply"});
  killer.join();
  INFO(killed.err);
  CHECK(killed.status == 1);
  CHECK_THAT(killed.err, Catch::Contains("backfill"));
  const int filled = std::stoi(project.database.query_value("SELECT count(*) FROM accounts WHERE tag IS NOT NULL"));
  CHECK(filled > 0);
  CHECK(filled < 20000);
  CHECK(project.history("count(*) FILTER (WHERE finished_at IS NULL)") == "1");

  const ProgramResult resumed = project.run({"apply"});
  INFO(resumed.err);
  REQUIRE(resumed.status == 0);
  CHECK_THAT(resumed.err, Catch::Contains("resuming after key"));
  CHECK(project.database.query_value("SELECT count(*) FROM accounts WHERE tag = 'tag-' || id") == "20000");
  CHECK(project.database.query_value("SELECT count(*) || ':' || max(times) FROM fills") == "20000:1");
}

TEST_CASE("apply stops with exit 2 when the schema was changed by hand since the last apply, naming the change",
          "[apply]") {
  const Project project("golang-migrate");
  project.written();
  REQUIRE(project.run({"apply"}).status == 0);
  CHECK(project.run({"apply"}).status == 0); // nothing changed, nothing pending

  project.database.execute("CREATE INDEX hotfix ON accounts (id, email)");
  const ProgramResult refused = project.run({"apply"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("the schema has changed since the last apply") &&
                              Catch::Contains("+ CREATE INDEX hotfix ON public.accounts"));

  const ProgramResult forced = project.run({"apply", "--force"});
  INFO(forced.err);
  CHECK(forced.status == 0);
  CHECK_THAT(forced.err, Catch::Contains("--force: the schema has changed since the last apply"));
  CHECK(project.run({"apply"}).status == 0); // the schema as it is now is the recorded one
}
