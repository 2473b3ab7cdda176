// How apply cuts a migration into what runs as one, and how long it pauses
// before it tries a step again.

#include "run/concurrent_builds.hpp"
#include "run/execution_units.hpp"

#include "schemadiff/cli/config.hpp"
#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/error.hpp"
#include "schemadiff/run/lock_retry.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;

namespace {

std::vector<run::ScriptStatement> statements(std::initializer_list<const char *> texts) {
  std::vector<run::ScriptStatement> result;
  int line = 1;
  for (const char *text : texts) result.push_back({text, line++});
  return result;
}

std::vector<std::size_t> sizes(const std::vector<run::ExecutionUnit> &units) {
  std::vector<std::size_t> result;
  for (const run::ExecutionUnit &unit : units) result.push_back(unit.statements.size() * (unit.transaction ? 10 : 1));
  return result;
}

} // namespace

TEST_CASE("execution units: a file's own BEGIN and COMMIT make transactions, what is outside runs alone") {
  const auto units = run::execution_units(
      statements({"SET lock_timeout = '0';", "begin;", "ALTER TABLE t ADD c int;", "ALTER TABLE t ADD d int;",
                  "COMMIT;", "CREATE INDEX CONCURRENTLY i ON t (c);", "START TRANSACTION", "SELECT 1", "end"}),
      true, "f.sql");
  // 10 per statement of a transaction, 1 per lone statement.
  CHECK(sizes(units) == std::vector<std::size_t>{1, 20, 1, 10});
  CHECK(units[1].statements.front().line == 3);
}

TEST_CASE("execution units: without BEGIN, the file is one transaction where the runner wraps it, else statements") {
  const auto two = statements({"ALTER TABLE t ADD c int;", "COMMENT ON TABLE t IS 'x';"});
  CHECK(sizes(run::execution_units(two, true, "f.sql")) == std::vector<std::size_t>{20});
  CHECK(sizes(run::execution_units(two, false, "f.sql")) == std::vector<std::size_t>{1, 1});
  CHECK(run::execution_units({}, true, "f.sql").empty());
}

TEST_CASE("execution units: an unbalanced BEGIN or COMMIT is an error at its line") {
  CHECK_THROWS_WITH(run::execution_units(statements({"BEGIN;", "SELECT 1;"}), true, "f.sql"),
                    Catch::Contains("BEGIN without a COMMIT"));
  try {
    run::execution_units(statements({"SELECT 1;", "COMMIT;"}), true, "f.sql");
    FAIL("no error");
  } catch (const Error &error) {
    CHECK(error.where() == "f.sql:2");
  }
  CHECK_THROWS_WITH(run::execution_units(statements({"BEGIN;", "BEGIN;", "COMMIT;"}), true, "f.sql"),
                    Catch::Contains("BEGIN inside a transaction"));
}

TEST_CASE("lock retry: the pause doubles from the first wait up to the cap, less a random half at most") {
  run::RetryPolicy policy;
  policy.first_wait = std::chrono::milliseconds(1000);
  policy.max_wait = std::chrono::milliseconds(5000);
  std::mt19937 random(42);
  for (int round = 0; round < 50; ++round) {
    const auto first = run::pause_before_retry(policy, 1, random).count();
    CHECK((first >= 500 && first <= 1000));
    const auto third = run::pause_before_retry(policy, 3, random).count();
    CHECK((third >= 2000 && third <= 4000));
    const auto late = run::pause_before_retry(policy, 30, random).count();
    CHECK((late >= 2500 && late <= 5000));
  }
  CHECK(run::is_lock_wait_failure("55P03"));
  CHECK(run::is_lock_wait_failure("40P01"));
  CHECK_FALSE(run::is_lock_wait_failure("57014")); // statement_timeout: it would time out again
  CHECK_FALSE(run::is_lock_wait_failure("23505"));
}

TEST_CASE("apply settings: durations in milliseconds") {
  CHECK(cli::duration_milliseconds("1s") == 1000);
  CHECK(cli::duration_milliseconds("250ms") == 250);
  CHECK(cli::duration_milliseconds("1.5 s") == 1500);
  CHECK(cli::duration_milliseconds("2min") == 120000);
  CHECK(cli::duration_milliseconds("0") == 0);
  CHECK(cli::duration_milliseconds("300") == 300);
  const cli::Config config =
      cli::parse_config("[apply]\nlock_retries = 4\nretry_first_wait = \"200ms\"\n", "schemadiff.toml");
  CHECK(config.apply.lock_retries == 4);
  CHECK(config.apply.retry_first_wait == "200ms");
  CHECK(config.apply.retry_max_wait == "30s");
  CHECK_THROWS_WITH(cli::parse_config("[apply]\nretry_max_wait = \"soon\"\n", "schemadiff.toml"),
                    Catch::Contains("apply.retry_max_wait must be a duration"));
  CHECK_THROWS_WITH(cli::parse_config("[apply]\nlock_retries = 0\n", "schemadiff.toml"),
                    Catch::Contains("apply.lock_retries must be a positive integer"));
}

TEST_CASE("apply knows a concurrent build's index and a destructive migration's header") {
  CHECK(run::index_built_concurrently(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Key\" ON app.t USING btree (a)") ==
        model::QualifiedName{"app", "Key"});
  CHECK_FALSE(run::index_built_concurrently("CREATE INDEX i ON app.t (a)"));
  CHECK_FALSE(run::index_built_concurrently("DROP INDEX CONCURRENTLY IF EXISTS app.i"));
  CHECK_FALSE(run::index_built_concurrently("not sql at all"));
  CHECK(
      emit::header_marks_data_loss("-- schemadiff: up 1_x\n-- hazard data_loss: the values of t.c leave\nSELECT 1;\n"));
  CHECK_FALSE(emit::header_marks_data_loss("-- hazard breaks_running_code: x\nSELECT '-- hazard data_loss: ';\n"));
}
