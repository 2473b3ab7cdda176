// schemadiff apply against a server of the test's own, for the faults that
// reach beyond one database: the server restarts under a backfill, a hot
// standby streaming from it falls behind.

#include "apply_backfill_settings.hpp"

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"

#include "schemadiff/pg/embedded_cluster.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <pqxx/pqxx>

using schemadiff::pg::EmbeddedCluster;
using schemadiff::testing::backfill_settings;
using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// 20,000 accounts in a database of `cluster`, and a project whose migration,
// written in plain format, adds the NOT NULL column tag that a backfill fills.
class BackfillProject {
public:
  BackfillProject(EmbeddedCluster &cluster, const std::string &apply_settings)
      : database_(cluster.create_database("app")) {
    query("CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL);"
          "INSERT INTO accounts SELECT g, 'user' || g FROM generate_series(1, 20000) g;"
          "ANALYZE accounts;");
    directory_.write("schema/schema.sql",
                     "CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL, tag text NOT NULL);\n");
    directory_.write("schemadiff.toml", "[apply]\n" + backfill_settings(apply_settings));
    const ProgramResult write = run({"write", "--dev-url", cluster.conninfo()});
    INFO(write.err);
    REQUIRE(write.status == 0);
  }

  const std::string &database() const { return database_; }

  ProgramResult run(std::vector<std::string> arguments) const {
    arguments.insert(arguments.end(), {"--db", database_, "--format", "plain"});
    return schemadiff::testing::run_schemadiff_in(directory_.path(), std::move(arguments));
  }

  // apply in the background; finish_apply collects it.
  void start_apply(std::vector<std::string> arguments = {}) {
    arguments.insert(arguments.begin(), "apply");
    arguments.insert(arguments.end(), {"--db", database_, "--format", "plain"});
    apply_ = schemadiff::testing::start_schemadiff(
        schemadiff::testing::ProgramRun{arguments, {{"DATABASE_URL", ""}}, directory_.path()}, outputs());
  }
  ProgramResult finish_apply() const { return schemadiff::testing::finish_program(apply_, outputs()); }
  // What the running apply has printed on stderr so far.
  std::string apply_errors() const {
    std::ifstream file(outputs().string() + ".err");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  std::string query(const std::string &sql) const {
    pqxx::connection connection(database_);
    const pqxx::result rows = pqxx::nontransaction(connection).exec(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].c_str();
  }
  // Rows the backfill has filled, read without the column, which may not
  // exist yet.
  int filled() const {
    return std::stoi(query("SELECT count(*) FROM accounts WHERE to_jsonb(accounts) ->> 'tag' = 'tag-' || id"));
  }

private:
  fs::path outputs() const { return directory_.path() / "apply-output"; }

  std::string database_;
  ScratchDirectory directory_;
  pid_t apply_ = 0;
};

// Polls `ready` every 10 ms for up to 60 s; a connection that fails (a
// server restarting) counts as not ready.
bool eventually(const std::function<bool()> &ready) {
  for (int i = 0; i < 6000; ++i) {
    try {
      if (ready()) return true;
    } catch (const std::exception &) {
    }
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

} // namespace

TEST_CASE("a server restart during a backfill: apply exits 1, and the next apply resumes and finishes", "[apply]") {
  EmbeddedCluster cluster;
  BackfillProject project(cluster, "batch_pause_ms = 300");
  project.start_apply();
  // Once a batch has committed, the server goes down and comes back.
  REQUIRE(eventually([&] { return project.filled() > 0; }));
  cluster.restart();
  const ProgramResult cut = project.finish_apply();
  INFO(cut.err);
  CHECK(cut.status == 1);

  const ProgramResult resumed = project.run({"apply"});
  INFO(resumed.err);
  REQUIRE(resumed.status == 0);
  CHECK_THAT(resumed.err, Catch::Contains("resuming after key"));
  CHECK(project.filled() == 20000);
}

TEST_CASE("a backfill pauses while a hot standby lags more than --max-replica-lag, and goes on once it catches up",
          "[apply]") {
  EmbeddedCluster primary;
  // Seven batches, a second apart: the standby's lag passes 1 s before the
  // backfill ends.
  BackfillProject project(primary, "batch_pause_ms = 1000");
  schemadiff::pg::EmbeddedClusterOptions standby_options;
  standby_options.standby_of = primary.conninfo();
  EmbeddedCluster standby(standby_options);
  pqxx::connection primary_connection(primary.conninfo());
  REQUIRE(eventually([&] {
    return pqxx::nontransaction(primary_connection)
               .exec("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")[0][0]
               .as<int>() == 1;
  }));
  // The standby receives WAL but stops replaying it: its lag grows with
  // every second the primary writes.
  pqxx::connection standby_connection(standby.conninfo());
  pqxx::nontransaction(standby_connection).exec("SELECT pg_wal_replay_pause()");

  project.start_apply({"--max-replica-lag", "1"});
  if (!eventually([&] { return project.apply_errors().find("paused: a replica replays") != std::string::npos; }))
    FAIL("the backfill never paused:\n" << project.finish_apply().err);
  // Paused before a batch: nothing more is filled while the standby lags.
  const int filled_when_paused = project.filled();
  CHECK(filled_when_paused < 20000);
  std::this_thread::sleep_for(2s);
  CHECK(project.filled() == filled_when_paused);

  pqxx::nontransaction(standby_connection).exec("SELECT pg_wal_replay_resume()");
  const ProgramResult finished = project.finish_apply();
  INFO(finished.err);
  REQUIRE(finished.status == 0);
  CHECK(project.filled() == 20000);
  CHECK_THAT(finished.err, Catch::Contains("(more than 1000 ms)"));
  // The standby replays it all: its copy has every row filled too.
  pqxx::connection standby_app(standby.conninfo("app"));
  CHECK(eventually([&] {
    return pqxx::nontransaction(standby_app)
               .exec("SELECT count(*) FROM accounts WHERE tag = 'tag-' || id")[0][0]
               .as<int>() == 20000;
  }));
}
