#include "schemadiff/run/lock_retry.hpp"

#include <algorithm>

namespace schemadiff::run {

bool is_lock_wait_failure(const std::string &sqlstate) {
  return sqlstate == "55P03" || sqlstate == "40P01" || sqlstate == "40001";
}

std::chrono::milliseconds pause_before_retry(const RetryPolicy &policy, int attempt, std::mt19937 &random) {
  std::int64_t wait = std::max<std::int64_t>(policy.first_wait.count(), 0);
  for (int i = 1; i < attempt && wait < policy.max_wait.count(); ++i) wait *= 2;
  wait = std::min<std::int64_t>(wait, policy.max_wait.count());
  if (wait <= 1) return std::chrono::milliseconds(wait);
  std::uniform_int_distribution<std::int64_t> jitter(0, wait / 2);
  return std::chrono::milliseconds(wait - jitter(random));
}

} // namespace schemadiff::run
