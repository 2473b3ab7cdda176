// What ships, run as production runs it: the written files of every format,
// run the way its runner sends them, one migration at a time, on a table
// with rows, with old code writing all along (it knows nothing of the new
// column) and, in one variant, a reporting query holding the table. The
// five changes that matter most on a busy table — a new index, a foreign
// key, a new NOT NULL column with a backfill, a unique constraint and a
// check — in one plan.
//
// An operator reruns a migration that failed at its lock limit once the
// long reader is gone; each migration is also run again right after it
// succeeded, as a runner that lost the record of it would. What must hold: no writer waits longer than the lock limit
// plus a margin, every migration completes, up reaches the desired catalog,
// down the original one, and the rows that were there keep their values.

#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/emit/migrations.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include "support/migration_runners.hpp"
#include "support/planned_migrations.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include <fmt/format.h>

using namespace schemadiff;
using emit::MigrationFormat;
using testing::RunDirection;
using testing::ScratchDirectory;
using testing::TestDatabase;

namespace {

using Clock = std::chrono::steady_clock;

constexpr int table_rows = 20000;
// The lock limit of steps that block writes, and what a writer may wait
// beyond it on a loaded test machine.
constexpr auto lock_limit = std::chrono::milliseconds(500);
// A reporting query that holds the table for as long as the issue measured.
constexpr auto long_read = std::chrono::seconds(30);
constexpr auto margin = std::chrono::milliseconds(1000);

const std::string old_schema = fmt::format(R"(
CREATE TABLE owners (id bigint PRIMARY KEY);
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, owner bigint, balance integer);
INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
INSERT INTO accounts SELECT g, 'user' || g || '@example.com', 1 + g % 100, g % 1000 FROM generate_series(1, {}) g;
ANALYZE;
)",
                                           table_rows);

const std::string new_schema = R"(
CREATE TABLE owners (id bigint PRIMARY KEY);
CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL CONSTRAINT accounts_email_key UNIQUE,
  owner bigint REFERENCES owners (id),
  balance integer CONSTRAINT balance_not_negative CHECK (balance >= 0),
  tier text NOT NULL
);
CREATE INDEX accounts_owner_idx ON accounts (owner);
)";

// The rows that were there before: unchanged by up and down.
const std::string original_rows = fmt::format(
    "SELECT md5(string_agg(id || ':' || email || ':' || owner || ':' || balance, ',' ORDER BY id)) FROM accounts "
    "WHERE id <= {}",
    table_rows);

using Scenario = testing::PlannedMigrations;

Scenario plan_scenario() {
  plan::PlanOptions options;
  options.lock_timeout = fmt::format("{}ms", lock_limit.count());
  // Computed from the row: backfilled, and filled by a trigger for old code.
  options.backfill["public.accounts.tier"] = "'tier-' || (id % 3)";
  options.backfill_batch_rows = 4000;
  return testing::plan_migrations(old_schema, new_schema, options);
}

// The application: inserts rows and updates them, each statement timed.
// Old code knows nothing of the new column; new code, deployed before the
// contract phase as the plan says, writes it. It sets no lock_timeout: an
// application waits.
class Writer {
public:
  explicit Writer(const std::string &conninfo) : thread_([this, conninfo] { write(conninfo); }) {}
  ~Writer() { stop(); }
  Writer(const Writer &) = delete;
  Writer &operator=(const Writer &) = delete;

  void deploy(bool new_code) { new_code_ = new_code; }
  void stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  Clock::duration longest_wait() const { return longest_; }
  int writes() const { return writes_; }
  const std::string &error() const { return error_; }

private:
  void write(const std::string &conninfo) {
    try {
      pqxx::connection connection(conninfo);
      for (long id = 1000000; running_; ++id) {
        const std::string insert =
            new_code_ ? fmt::format("INSERT INTO accounts (id, email, owner, balance, tier) VALUES ({0}, "
                                    "'late{0}@example.com', {1}, 7, 'tier-new')",
                                    id, 1 + id % 100)
                      : fmt::format("INSERT INTO accounts (id, email, owner, balance) VALUES ({0}, "
                                    "'late{0}@example.com', {1}, 7)",
                                    id, 1 + id % 100);
        for (const std::string &statement :
             {insert, fmt::format("UPDATE accounts SET balance = balance + 1 WHERE id = {}", id)}) {
          const auto started = Clock::now();
          pqxx::nontransaction(connection).exec(statement);
          longest_ = std::max(longest_, Clock::now() - started);
          ++writes_;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    } catch (const std::exception &error) {
      error_ = error.what();
    }
  }

  std::atomic<bool> running_ = true;
  std::atomic<bool> new_code_ = false;
  Clock::duration longest_{};
  int writes_ = 0;
  std::string error_;
  std::thread thread_;
};

// A reporting query: a transaction that has read the table, open for a while.
class LongReader {
public:
  LongReader(const std::string &conninfo, std::chrono::milliseconds hold)
      : connection_(conninfo), reading_(connection_), until_(Clock::now() + hold) {
    reading_.exec("SELECT count(*) FROM accounts");
    thread_ = std::thread([this] {
      std::this_thread::sleep_until(until_);
      reading_.commit();
    });
  }
  ~LongReader() { thread_.join(); }
  LongReader(const LongReader &) = delete;
  LongReader &operator=(const LongReader &) = delete;

private:
  pqxx::connection connection_;
  pqxx::work reading_;
  Clock::time_point until_;
  std::thread thread_;
};

bool is_lock_wait_failure(const std::string &message) {
  return message.find("lock timeout") != std::string::npos ||
         message.find("canceling statement due to lock timeout") != std::string::npos;
}

// Every migration up, one at a time; one that fails at its lock limit is
// run again after a pause, as an operator (or a runner's retry) would.
// Returns how many reruns it took.
int run_every_migration_up(MigrationFormat format, const ScratchDirectory &directory, const Scenario &scenario,
                           const std::string &conninfo, Writer &writer) {
  int reruns = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(90);
  for (std::size_t position = 0; position < scenario.migrations.size();) {
    // The deploy the plan asks for before the contract: code writing the column.
    if (scenario.migrations[position].phase == plan::Phase::Contract) writer.deploy(true);
    try {
      testing::run_migration_like_runner(format, directory.path(), conninfo, position, RunDirection::Up);
      // A runner that lost the record of this success runs it again.
      INFO("migration " << position << " run again after it succeeded");
      CHECK_NOTHROW(testing::run_migration_like_runner(format, directory.path(), conninfo, position, RunDirection::Up));
      ++position;
    } catch (const std::exception &error) {
      INFO("migration " << position << ": " << error.what());
      REQUIRE(is_lock_wait_failure(error.what()));
      REQUIRE(Clock::now() < deadline);
      ++reruns;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  }
  return reruns;
}

void check_format(MigrationFormat format, bool long_reader) {
  const Scenario scenario = plan_scenario();
  const ScratchDirectory directory;
  testing::write_migration_files(directory, scenario.migrations, format, "five_changes");
  const std::size_t count = emit::read_migrations(directory.path(), format).size();
  REQUIRE(count == scenario.migrations.size());

  const TestDatabase database;
  database.execute(old_schema);
  const std::string rows_before = database.query_value(original_rows);
  Writer writer(database.conninfo());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int reruns = 0;
  {
    std::unique_ptr<LongReader> reader;
    if (long_reader) reader = std::make_unique<LongReader>(database.conninfo(), long_read);
    reruns = run_every_migration_up(format, directory, scenario, database.conninfo(), writer);
  }
  CHECK(source::introspect(database.conninfo()).same_schema(scenario.desired));
  CHECK(database.query_value("SELECT count(*) FROM accounts WHERE tier IS NULL") == "0");
  CHECK(database.query_value(original_rows) == rows_before);
  for (std::size_t position = count; position-- > 0;) {
    INFO("down of migration " << position);
    // The code is rolled back before the downs that take the column away.
    if (scenario.migrations[position].phase != plan::Phase::Contract) writer.deploy(false);
    testing::run_migration_like_runner(format, directory.path(), database.conninfo(), position, RunDirection::Down);
  }
  writer.stop();
  CHECK(source::introspect(database.conninfo()).same_schema(scenario.before));
  CHECK(database.query_value(original_rows) == rows_before);

  INFO("writes: " << writer.writes() << ", reruns: " << reruns << ", longest writer wait: "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(writer.longest_wait()).count() << " ms");
  CHECK(writer.error() == "");
  CHECK(writer.writes() > 0);
  CHECK(writer.longest_wait() < lock_limit + margin);
  if (long_reader) CHECK(reruns > 0); // the reader did hold the table
}

} // namespace

TEST_CASE("production: golang-migrate files under writes", "[production]") {
  check_format(MigrationFormat::GolangMigrate, false);
}
TEST_CASE("production: golang-migrate files under writes and a long reader", "[production]") {
  check_format(MigrationFormat::GolangMigrate, true);
}
TEST_CASE("production: dbmate files under writes", "[production]") { check_format(MigrationFormat::Dbmate, false); }
TEST_CASE("production: dbmate files under writes and a long reader", "[production]") {
  check_format(MigrationFormat::Dbmate, true);
}
TEST_CASE("production: goose files under writes", "[production]") { check_format(MigrationFormat::Goose, false); }
TEST_CASE("production: goose files under writes and a long reader", "[production]") {
  check_format(MigrationFormat::Goose, true);
}
TEST_CASE("production: flyway files under writes", "[production]") { check_format(MigrationFormat::Flyway, false); }
TEST_CASE("production: flyway files under writes and a long reader", "[production]") {
  check_format(MigrationFormat::Flyway, true);
}
TEST_CASE("production: sqitch files under writes", "[production]") { check_format(MigrationFormat::Sqitch, false); }
TEST_CASE("production: sqitch files under writes and a long reader", "[production]") {
  check_format(MigrationFormat::Sqitch, true);
}
TEST_CASE("production: plain files under writes", "[production]") { check_format(MigrationFormat::Plain, false); }
TEST_CASE("production: plain files under writes and a long reader", "[production]") {
  check_format(MigrationFormat::Plain, true);
}
