#pragma once
// How apply waits before it tries a step again that lost its lock wait: a
// lock wait that fails is the safe outcome of a short lock_timeout (hazards:
// writers queue behind a waiting ACCESS EXCLUSIVE), so the step is tried
// again after a pause in which the application's queries drain.

#include <chrono>
#include <random>
#include <string>

namespace schemadiff::run {

struct RetryPolicy {
  int attempts = 10;                          // tries in all, the first included
  std::chrono::milliseconds first_wait{1000}; // before the second try
  std::chrono::milliseconds max_wait{30000};  // no pause is longer
};

// Whether a statement that failed with this SQLSTATE is worth trying again:
// lock_not_available (lock_timeout), deadlock_detected, serialization_failure.
// Nothing else is: a statement_timeout or a constraint that fails would fail
// the same way.
bool is_lock_wait_failure(const std::string &sqlstate);

// The pause before try `attempt` + 1 (attempt >= 1): first_wait doubled per
// try, capped at max_wait, of which a random half is taken off so that two
// waiting runs do not retry in step ("equal jitter").
std::chrono::milliseconds pause_before_retry(const RetryPolicy &policy, int attempt, std::mt19937 &random);

} // namespace schemadiff::run
