#pragma once
// A writer that keeps writing while a plan's up runs, with a short
// lock_timeout of its own: a write that waits longer fails and is counted
// as blocked. How the online tests show that no step queues writers.

#include "schemadiff/plan/step.hpp"

#include <string>

namespace schemadiff::testing {

struct WritesDuringPlan {
  std::string migration_error; // empty when the up ran through
  int writes = 0;              // committed while it ran
  int blocked = 0;             // failed at the writer's lock_timeout (100 ms)
};

// Applies the plan's up (apply_up) on one connection while `write` runs
// again and again, each time in its own transaction, on another.
WritesDuringPlan writes_during_plan(const std::string &conninfo, const plan::Plan &plan, const std::string &write);

} // namespace schemadiff::testing
