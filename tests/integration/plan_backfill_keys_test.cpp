// Backfills on tables without a single-column primary key (hazards.md,
// "Data changes"): a unique NOT NULL key is walked like a primary key, else
// the table's pages in ctid ranges; either way one transaction per batch,
// resumable, and the step says what it walks.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"
#include "support/test_database.hpp"

#include "schemadiff/plan/build.hpp"

#include <algorithm>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using schemadiff::plan::HazardKind;
using schemadiff::plan::Phase;
using schemadiff::plan::PlanOptions;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::has_hazard;
using schemadiff::testing::has_statement;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_starting;

namespace {

PlanOptions filling(const std::string &key, const std::string &value) {
  PlanOptions options;
  options.backfill[key] = value;
  options.backfill_batch_rows = 1000;
  return options;
}

// 12,000 rows whose tier must become 'basic' || code.
const std::string rows = R"(
INSERT INTO events (code, body) SELECT 'e' || g, repeat('b', g % 40) FROM generate_series(1, 12000) g;
ANALYZE events;
)";

const std::string filled_probe =
    "SELECT count(*) || ':' || count(*) FILTER (WHERE to_jsonb(e) ->> 'tier' = 'basic-' || code) FROM events e";

// The notices the server sends on a connection (pqxx 6: an error handler).
class NoticeLog : public pqxx::errorhandler {
public:
  explicit NoticeLog(pqxx::connection_base &connection) : pqxx::errorhandler(connection) {}
  bool operator()(const char message[]) noexcept override {
    try {
      lines.emplace_back(message);
    } catch (...) {
    }
    return false;
  }
  std::vector<std::string> lines;
};

const Step &backfill_of(const schemadiff::testing::PlanRoundTrip &result) {
  const Step &step = step_starting(result.plan, "backfill public.events.tier");
  CHECK(step.phase == Phase::Backfill);
  CHECK_FALSE(step.transactional);
  CHECK(has_statement(step, "COMMIT"));
  CHECK(has_statement(step, "RAISE NOTICE"));
  CHECK(has_statement(step, "tier IS NULL"));
  return step;
}

} // namespace

TEST_CASE("backfill keys: a unique NOT NULL column is walked in keyset batches like a primary key") {
  const std::string table = "CREATE TABLE events (code text NOT NULL UNIQUE, body text);";
  const auto result =
      plan_round_trip(table + rows, "CREATE TABLE events (code text NOT NULL UNIQUE, body text, tier text NOT NULL);",
                      filling("public.events.tier", "'basic-' || code"), filled_probe);
  check_round_trip(result);
  CHECK(result.probe_after_up == "12000:12000");
  CHECK(result.probe_after_down == "12000:0");
  const Step &backfill = backfill_of(result);
  CHECK(backfill.summary == "backfill public.events.tier by the unique key events_code_key (code)");
  CHECK(has_statement(backfill, "ORDER BY code LIMIT schemadiff_rows"));
  CHECK(has_statement(backfill, "schemadiff_rows bigint := 1000;"));
  CHECK_FALSE(has_statement(backfill, "ctid"));
  CHECK_FALSE(has_hazard(backfill, HazardKind::FullScan));
}

TEST_CASE("backfill keys: a unique index on a NOT NULL column is walked too") {
  const std::string table = "CREATE TABLE events (code text NOT NULL, body text);\n"
                            "CREATE UNIQUE INDEX events_code_idx ON events (code);";
  const auto result = plan_round_trip(table + rows,
                                      "CREATE TABLE events (code text NOT NULL, body text, tier text NOT NULL);\n"
                                      "CREATE UNIQUE INDEX events_code_idx ON events (code);",
                                      filling("public.events.tier", "'basic-' || code"), filled_probe);
  check_round_trip(result);
  CHECK(result.probe_after_up == "12000:12000");
  const Step &backfill = backfill_of(result);
  CHECK(backfill.summary == "backfill public.events.tier by the unique index events_code_idx (code)");
  CHECK(has_statement(backfill, "ORDER BY code LIMIT schemadiff_rows"));
  CHECK(has_statement(backfill, "schemadiff_rows bigint := 1000;"));
}

TEST_CASE("backfill keys: without a unique NOT NULL key the backfill walks ctid ranges and says so") {
  // The unique column is nullable: no key to walk.
  const std::string table = "CREATE TABLE events (code text UNIQUE, body text);";
  const auto result = plan_round_trip(table + rows + "UPDATE events SET code = NULL WHERE body = '';",
                                      "CREATE TABLE events (code text UNIQUE, body text, tier text NOT NULL);",
                                      filling("public.events.tier", "'basic-' || coalesce(code, '')"),
                                      "SELECT count(*) || ':' || count(*) FILTER (WHERE to_jsonb(e) ->> 'tier' = "
                                      "'basic-' || coalesce(code, '')) FROM events e");
  check_round_trip(result);
  CHECK(result.probe_after_up == "12000:12000");
  CHECK(result.probe_after_down == "12000:0");
  const Step &backfill = backfill_of(result);
  CHECK(backfill.summary == "backfill public.events.tier by ctid ranges");
  CHECK(has_statement(backfill,
                      "WHERE ctid >= format('(%s,0)', schemadiff_first_page)::tid\n"
                      "      AND ctid < format('(%s,0)', schemadiff_first_page + schemadiff_batch_pages)::tid\n"
                      "      AND tier IS NULL"));
  REQUIRE(has_hazard(backfill, HazardKind::FullScan));
  const auto hazard = std::find_if(backfill.hazards.begin(), backfill.hazards.end(),
                                   [](const auto &h) { return h.kind == HazardKind::FullScan; });
  CHECK_THAT(hazard->reason, Catch::Contains("ctid ranges") && Catch::Contains("one transaction each"));
}

TEST_CASE(
    "backfill keys: a ctid-range backfill commits per batch, reports progress and resumes where rows are unfilled") {
  const schemadiff::testing::TestDatabase database;
  database.execute("CREATE TABLE events (code text, body text);" + rows + "ALTER TABLE events ADD COLUMN tier text;");
  const auto result = plan_round_trip("CREATE TABLE events (code text, body text);" + rows,
                                      "CREATE TABLE events (code text, body text, tier text NOT NULL);",
                                      filling("public.events.tier", "'basic-' || code"));
  check_round_trip(result);
  const Step &backfill = backfill_of(result);
  REQUIRE(backfill.up.size() == 1); // the DO block: its limits are fields
  // Batches block no reader or writer: no lock wait may throw one away.
  CHECK(backfill.limits == schemadiff::plan::Limits{"0", "0"});
  const std::string block = backfill.up.back();

  pqxx::connection connection(database.conninfo());
  NoticeLog log(connection);
  std::vector<std::string> &notices = log.lines;
  // Batches that aim at a microsecond shrink to a page each: many of them.
  pqxx::nontransaction(connection).exec("SET schemadiff.batch_target_ms = 0.001");
  pqxx::nontransaction(connection).exec(block);
  CHECK(database.query_value("SELECT count(*) FROM events WHERE tier = 'basic-' || code") == "12000");
  // One notice per batch, and more than one batch.
  REQUIRE(notices.size() > 5);
  CHECK_THAT(notices.back(), Catch::Contains("backfill public.events.tier") && Catch::Contains("12000 of ~12000 rows"));
  CHECK_THAT(notices.back(), Catch::Contains("next batch 1 pages"));
  CHECK(std::all_of(notices.begin(), notices.end(),
                    [](const std::string &notice) { return notice.find(" pages") != std::string::npos; }));

  // Run again after it finished, it resumes at the recorded end: no page
  // is walked again.
  notices.clear();
  pqxx::nontransaction(connection).exec(block);
  CHECK(std::none_of(notices.begin(), notices.end(),
                     [](const std::string &notice) { return notice.find("next batch") != std::string::npos; }));

  // Without a recorded position (no batch committed before a failure) it
  // walks every page, and fills only what is left.
  database.execute("UPDATE events SET tier = NULL WHERE body LIKE 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb%'");
  database.execute("DELETE FROM schemadiff.backfill_progress");
  notices.clear();
  pqxx::nontransaction(connection).exec(block);
  CHECK(database.query_value("SELECT count(*) FROM events WHERE tier = 'basic-' || code") == "12000");
  REQUIRE_FALSE(notices.empty());
  CHECK_THAT(notices.back(), Catch::Contains(": 300 of ~"));
}

TEST_CASE("backfill keys: a keyless partitioned table is walked by ctid ranges in every partition") {
  const std::string table = R"(
CREATE TABLE events (code text, body text, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO events SELECT 'e' || g, repeat('b', g % 40), date '2023-01-01' + (g % 700) FROM generate_series(1, 12000) g;
ANALYZE events;
)";
  const std::string wanted = R"(
CREATE TABLE events (code text, body text, at date NOT NULL, tier text NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
)";
  PlanOptions options = filling("public.events.tier", "'basic-' || code");
  options.table_has_rows = [](const schemadiff::model::QualifiedName &) { return true; };
  const auto result = plan_round_trip(table, wanted, options, filled_probe);
  INFO("failure: " << result.failure);
  CHECK(result.failure.empty());
  CHECK(result.up_reaches_new);
  CHECK(result.probe_after_up == "12000:12000");
  CHECK(step_starting(result.plan, "backfill public.events.tier").summary ==
        "backfill public.events.tier by ctid ranges");
}

TEST_CASE("backfill keys: the backfill value may name the primary key it walks") {
  const std::string table = "CREATE TABLE events (id bigint PRIMARY KEY, code text, body text);";
  const auto result = plan_round_trip(
      table + "INSERT INTO events SELECT g, 'e' || g, '' FROM generate_series(1, 12000) g; ANALYZE events;",
      "CREATE TABLE events (id bigint PRIMARY KEY, code text, body text, tier text NOT NULL);",
      filling("public.events.tier", "'basic-e' || id"), filled_probe);
  check_round_trip(result);
  CHECK(result.probe_after_up == "12000:12000");
  const Step &backfill = backfill_of(result);
  CHECK(backfill.summary == "backfill public.events.tier");
  CHECK(has_statement(backfill, "ORDER BY id LIMIT schemadiff_rows"));
  CHECK(has_statement(backfill, "schemadiff_rows bigint := 1000;"));
}
