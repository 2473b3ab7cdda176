#pragma once
// The integration check every plan test makes: build a database from the
// old schema, plan towards the new one (read from schema files through the
// shadow database, as `schemadiff plan` does), apply the up, compare with
// the new schema, plan again (nothing left), apply the down, compare with
// the old schema.

#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/build.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace schemadiff::testing {

struct PlanRoundTrip {
  plan::Plan plan;        // old -> new
  plan::Plan second_plan; // after the up: should be empty
  bool up_reaches_new = false;
  bool down_restores_old = false;
  std::string failure;          // the first SQL error, if any
  std::string probe_after_up;   // the value of `probe` after the up
  std::string probe_after_down; // and after the down
};

// Called with the live database after each step of the up and of the down
// has run: what must hold between any two steps.
using BetweenSteps = std::function<void(const std::string &conninfo, const plan::Step &step)>;

// Runs the whole round trip; never throws for a failed step (see failure).
// `probe` (optional) is a query whose single value is read after the up and
// after the down: that the data is intact. Unless `options` says how, rows
// are counted on the old database (live_row_counter).
PlanRoundTrip plan_round_trip(const std::string &old_sql, const std::string &new_sql,
                              const plan::PlanOptions &options = {}, const std::string &probe = {},
                              const BetweenSteps &between_steps = {});

// PlanOptions::count_rows on a database, as `schemadiff plan` counts on a
// live one; a failing predicate throws.
std::function<std::optional<std::int64_t>(const model::QualifiedName &, const std::string &)>
live_row_counter(const std::string &conninfo);

// Runs every statement of every step's up (or down, last step first), each
// in autocommit, on the database.
void apply_up(const std::string &conninfo, const plan::Plan &plan, const BetweenSteps &between_steps = {});
void apply_down(const std::string &conninfo, const plan::Plan &plan, const BetweenSteps &between_steps = {});

} // namespace schemadiff::testing
