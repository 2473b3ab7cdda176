// Writers racing a column's backup (src/plan/kinds/column_backup.hpp):
// while the copy runs in batches, and until the drop or the narrowing, a
// writer updates rows and inserts rows behind and ahead of the copy; after
// the down every row holds the last value committed before the change. A
// write in flight while the values are copied is kept, where the old copy
// in the drop's own transaction lost it.

#include "support/column_backup_cases.hpp"
#include "support/plan_checks.hpp"
#include "support/test_database.hpp"

#include "schemadiff/source/introspect.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <random>
#include <thread>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pqxx/pqxx>

using namespace schemadiff::testing;

namespace {

// key ("1,2") -> value, for every row of the table.
std::map<std::string, std::string> values_of(const TestDatabase &database, const std::string &table,
                                             const std::vector<std::string> &keys) {
  pqxx::connection connection(database.conninfo());
  pqxx::nontransaction read(connection);
  std::map<std::string, std::string> values;
  for (const auto &row : read.exec(fmt::format("SELECT concat_ws(',', {}), v FROM {}", fmt::join(keys, ", "), table))) {
    values[row[0].c_str()] = row[1].is_null() ? "<null>" : row[1].c_str();
  }
  return values;
}

// The keys a writer inserts at: odd ones, between the rows already there.
using KeyAt = std::function<std::vector<int>(int)>;

struct WriterResult {
  std::map<std::string, std::string> committed; // key -> the last value the writer committed
  int writes_during_copy = 0;
  std::string error; // an error before the change began
};

// The race: while the copy step runs in batches, and until the change's
// step, a writer updates random rows' values and inserts rows, one
// transaction each, and records what it committed. A write failing once the
// change has begun (the column is gone, or the value no longer fits) ends it.
WriterResult race(const Planned &planned, const std::string &table, const std::vector<std::string> &keys,
                  const KeyAt &new_key, const std::string &change) {
  const std::string &conninfo = planned.database.conninfo();
  const std::map<std::string, std::string> before = values_of(planned.database, table, keys);
  std::vector<std::string> known;
  for (const auto &[key, value] : before) known.push_back(key);
  std::atomic<bool> copying = false;
  std::atomic<bool> changing = false;
  WriterResult result;
  std::thread writer([&] {
    pqxx::connection connection(conninfo);
    std::mt19937 random(13);
    for (int n = 1;; ++n) {
      const bool copy_running = copying;
      std::string key;
      std::string statement;
      const std::string value = fmt::format("'written by the writer, number {}'", n);
      if (n % 5 == 0) {
        const std::vector<int> parts = new_key(static_cast<int>(random() % 20000));
        key = fmt::format("{}", fmt::join(parts, ","));
        statement = fmt::format("INSERT INTO {} ({}, v) VALUES ({}, {}) ON CONFLICT DO NOTHING", table,
                                fmt::join(keys, ", "), key, value);
      } else {
        key = known[random() % known.size()];
        statement = fmt::format("UPDATE {} SET v = {} WHERE ({}) = ({})", table, value, fmt::join(keys, ", "), key);
      }
      try {
        pqxx::work work(connection);
        const pqxx::result written = work.exec(statement);
        work.commit();
        if (written.affected_rows() == 1) {
          result.committed[key] = value.substr(1, value.size() - 2);
          if (n % 5 == 0) known.push_back(key);
        }
        if (copy_running && copying) ++result.writes_during_copy;
      } catch (const std::exception &error) {
        if (!changing) result.error = error.what();
        return;
      }
    }
  });
  // The capture first, then the copy while the writer writes.
  run_up(conninfo, planned.plan[step_named(planned.plan, "capture writes of public." + table +
                                                             ".v into "
                                                             "schemadiff_backup.\"public." +
                                                             table + ".v\"")]);
  copying = true;
  run_up(conninfo, planned.plan[step_named(planned.plan, "copy public." + table +
                                                             ".v into schemadiff_backup.\"public." + table + ".v\"")]);
  copying = false;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  changing = true;
  run_up(conninfo, planned.plan[step_named(planned.plan, change)]);
  writer.join();
  for (const auto &[key, value] : before) result.committed.try_emplace(key, value);
  return result;
}

// Every row holds the last value committed before the change, and no other
// row is there.
void check_every_value_kept(const WriterResult &result, const std::map<std::string, std::string> &after_down) {
  INFO("writer error: " << result.error);
  CHECK(result.error.empty());
  CHECK(result.writes_during_copy > 0);
  int wrong = 0;
  std::string first_wrong;
  for (const auto &[key, value] : result.committed) {
    const auto found = after_down.find(key);
    const std::string actual = found == after_down.end() ? "<missing>" : found->second;
    if (actual == value) continue;
    if (++wrong == 1) first_wrong = fmt::format("({}): {} instead of {}", key, actual, value);
  }
  INFO("first wrong row: " << first_wrong);
  CHECK(wrong == 0);
  CHECK(after_down.size() == result.committed.size());
}

} // namespace

TEST_CASE("column backup: a writer committing while the copy runs loses no value to the drop") {
  const auto items_planned = planned(items, items_without_v);
  const WriterResult result = race(
      *items_planned, "items", {"id"}, [](int at) { return std::vector<int>{2 * at + 1}; },
      "drop column public.items.v");
  run_all_down(items_planned->database.conninfo(), items_planned->plan);
  check_every_value_kept(result, values_of(items_planned->database, "items", {"id"}));
  CHECK(schemadiff::source::introspect(items_planned->database.conninfo()).same_schema(items_planned->before));
}

TEST_CASE("column backup: a writer committing while the copy runs loses no value, by a composite key") {
  const auto readings_planned = planned(readings, readings_without_v);
  const WriterResult result = race(
      *readings_planned, "readings", {"site", "taken"},
      [](int at) {
        return std::vector<int>{at % 7, 2 * at + 1};
      },
      "drop column public.readings.v");
  run_all_down(readings_planned->database.conninfo(), readings_planned->plan);
  check_every_value_kept(result, values_of(readings_planned->database, "readings", {"site", "taken"}));
}

TEST_CASE("column backup: a writer committing while the copy runs loses no value to a narrowing") {
  const auto notes_planned = planned(notes, notes_narrowed);
  const WriterResult result = race(
      *notes_planned, "notes", {"id"}, [](int at) { return std::vector<int>{2 * at + 1}; },
      "alter column public.notes.v");
  // The narrowing cut the values; the down brings back every one.
  CHECK(notes_planned->database.query_value("SELECT max(length(v)) FROM notes") == "12");
  run_all_down(notes_planned->database.conninfo(), notes_planned->plan);
  check_every_value_kept(result, values_of(notes_planned->database, "notes", {"id"}));
}

TEST_CASE("column backup: a write in flight while the values are copied is kept, where the old copy lost it") {
  const auto late_write = [](const TestDatabase &database) {
    auto connection = std::make_unique<pqxx::connection>(database.conninfo());
    auto work = std::make_unique<pqxx::work>(*connection);
    work->exec("UPDATE items SET v = 'late' WHERE id = 2");
    return std::make_pair(std::move(connection), std::move(work));
  };
  const std::string kept = "SELECT v FROM schemadiff_backup.\"public.items.v\" WHERE id = 2";

  SECTION("the old backup: copied and dropped in one transaction, it misses the write") {
    // What the plan wrote before: the copy's snapshot is taken before the
    // writer commits, and the DROP's lock waits for the writer to commit.
    const TestDatabase database;
    database.execute(items);
    auto [writer, writing] = late_write(database);
    std::thread migration([&] {
      pqxx::connection connection(database.conninfo());
      pqxx::work work(connection);
      work.exec("CREATE SCHEMA IF NOT EXISTS schemadiff_backup");
      work.exec("CREATE TABLE schemadiff_backup.\"public.items.v\" AS SELECT id, v FROM public.items");
      work.exec("ALTER TABLE public.items DROP COLUMN v");
      work.commit();
    });
    wait_for_lock_wait(database, writer->backendpid());
    writing->commit();
    migration.join();
    CHECK(database.query_value(kept) == "value 1");
  }

  SECTION("the capture and the copy: the copy waits for the writer, and the write wins") {
    const auto items_planned = planned(items, items_without_v);
    const TestDatabase &database = items_planned->database;
    run_up(database.conninfo(), items_planned->plan[0]);
    auto [writer, writing] = late_write(database);
    std::thread migration([&] {
      run_up(database.conninfo(), items_planned->plan[1]);
      run_up(database.conninfo(), items_planned->plan[2]);
    });
    wait_for_lock_wait(database, writer->backendpid());
    writing->commit();
    migration.join();
    CHECK(database.query_value(kept) == "late");
    run_all_down(database.conninfo(), items_planned->plan);
    CHECK(database.query_value("SELECT v FROM items WHERE id = 2") == "late");
    CHECK(database.query_value("SELECT count(*) FROM items WHERE v = 'value ' || id / 2") == "19999");
  }
}
