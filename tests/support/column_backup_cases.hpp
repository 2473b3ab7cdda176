#pragma once
// What the column backup tests share (plan_column_backup_test.cpp and
// plan_column_backup_race_test.cpp): tables with rows whose column v is
// dropped or narrowed, their plans, copied in batches of 500, and steps run
// the way migration runners run them.

#include "support/test_database.hpp"

#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/plan/step.hpp"

#include <memory>
#include <string>

namespace schemadiff::testing {

// 20,000 rows at even keys (writers insert at odd ones, behind and ahead of
// the copy), copied in 40 batches.
inline const std::string items = R"(
CREATE TABLE items (id bigint PRIMARY KEY, name text, v text NOT NULL DEFAULT 'none');
INSERT INTO items SELECT 2 * g, 'item ' || g, 'value ' || g FROM generate_series(1, 20000) g;
ANALYZE items;
)";
inline const std::string items_without_v = "CREATE TABLE items (id bigint PRIMARY KEY, name text);";

inline const std::string readings = R"(
CREATE TABLE readings (site int, taken int, v text, PRIMARY KEY (site, taken));
INSERT INTO readings SELECT g % 7, 2 * g, 'reading ' || g FROM generate_series(1, 20000) g;
ANALYZE readings;
)";
inline const std::string readings_without_v = "CREATE TABLE readings (site int, taken int, PRIMARY KEY (site, taken));";

inline const std::string notes = R"(
CREATE TABLE notes (id bigint PRIMARY KEY, v varchar(100));
INSERT INTO notes SELECT 2 * g, 'a note long enough to be cut ' || g FROM generate_series(1, 20000) g;
ANALYZE notes;
)";
inline const std::string notes_narrowed = "CREATE TABLE notes (id bigint PRIMARY KEY, v varchar(12));";

plan::PlanOptions in_batches_of_500();

// A database in the old state and the plan to the new one.
struct Planned {
  TestDatabase database;
  model::Catalog before;
  model::Catalog desired;
  plan::Plan plan;
};

std::unique_ptr<Planned> planned(const std::string &old_sql, const std::string &new_sql);

// As every migration runner runs a step: a transactional one in one
// transaction (apply_up runs each statement on its own), any other a
// statement at a time.
void run_up(const std::string &conninfo, const plan::Step &step);
void run_down(const std::string &conninfo, const plan::Step &step);
void run_all_down(const std::string &conninfo, const plan::Plan &plan);

// Waits until a session other than `except` waits for a lock in the
// database: a migration has reached the point a test is about.
void wait_for_lock_wait(const TestDatabase &database, int except);

} // namespace schemadiff::testing
