#pragma once
// A plan cut into migrations, the units a migration runner applies one at a
// time: one phase each (expand, backfill and contract never share one), and
// every statement that cannot run in a transaction block in a migration of
// its own, so a runner that wraps a file in a transaction, or sends it as
// one multi-statement query string, still runs it.

#include "schemadiff/plan/step.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::emit {

// One step's statements in one direction, and the limits they run under:
// the file formats write the limits so that none outlives its statements
// (SET LOCAL in a transaction, SET and RESET around a statement alone).
struct StepStatements {
  std::optional<plan::Limits> limits;
  std::vector<std::string> statements;

  bool operator==(const StepStatements &) const = default;
};

struct Migration {
  plan::Phase phase = plan::Phase::Expand;
  // false: exactly one statement in `up` and at most one in `down`, to be
  // sent alone, outside any transaction (CONCURRENTLY, a batched backfill
  // that commits per batch, an enum value used at once).
  bool transactional = true;
  // Not transactional: plan::Step::retry_cleanup of its statement's step.
  std::string retry_cleanup;
  std::vector<StepStatements> up;     // in order
  std::vector<StepStatements> down;   // in order; undoes exactly `up`
  std::vector<std::string> summaries; // what its steps do, for the header
  std::vector<plan::Hazard> hazards;
  // What the application must have deployed before the migration runs
  // (plan::Step::deploy_first of its steps).
  std::vector<std::string> deploy_first;
  // What exists once the migration ran: the objects its steps create or
  // change, less those they drop (sqitch's verify script checks them).
  std::vector<model::ObjectRef> leaves;

  bool operator==(const Migration &) const = default;
};

// Every statement of one direction, in order.
std::vector<std::string> statements_of(const std::vector<StepStatements> &steps);

// Consecutive transactional steps of one phase share a migration, unless
// that would make one transaction hold a lock blocking writes on a table in
// use while it waits for a lock on another (one strong lock at a time), or
// hold its locks during a long scan or rewrite. A step that is not
// transactional becomes as many migrations as it has statements. Downs are
// arranged so that running the migrations' downs in reverse order runs
// every step's down, last step first.
std::vector<Migration> group_into_migrations(const plan::Plan &plan);

} // namespace schemadiff::emit
