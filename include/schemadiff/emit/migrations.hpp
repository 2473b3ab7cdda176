#pragma once
// A plan cut into migrations, the units a migration runner applies one at a
// time: one phase each (expand, backfill and contract never share one), and
// every statement that cannot run in a transaction block in a migration of
// its own, so a runner that wraps a file in a transaction, or sends it as
// one multi-statement query string, still runs it.

#include "schemadiff/plan/step.hpp"

#include <string>
#include <vector>

namespace schemadiff::emit {

struct Migration {
  plan::Phase phase = plan::Phase::Expand;
  // false: exactly one statement in `up` and at most one in `down`, to be
  // sent alone, outside any transaction (CONCURRENTLY, a batched backfill
  // that commits per batch, an enum value used at once).
  bool transactional = true;
  // SET lock_timeout / statement_timeout for a migration that is not
  // transactional: written where the runner sends statements one by one,
  // left out where it sends the whole file as one query (they would make it
  // a multi-statement string, which PostgreSQL runs as a transaction block).
  std::vector<std::string> settings;
  std::vector<std::string> up;   // statements in order
  std::vector<std::string> down; // statements in order; undoes exactly `up`
  std::vector<std::string> summaries; // what its steps do, for the header
  std::vector<plan::Hazard> hazards;
  // What exists once the migration ran: the objects its steps create or
  // change, less those they drop (sqitch's verify script checks them).
  std::vector<model::ObjectRef> leaves;

  bool operator==(const Migration &) const = default;
};

// Consecutive transactional steps of one phase share a migration; a step
// that is not transactional becomes as many migrations as it has
// statements. Downs are arranged so that running the migrations' downs in
// reverse order runs every step's down, last step first.
std::vector<Migration> group_into_migrations(const plan::Plan &plan);

} // namespace schemadiff::emit
