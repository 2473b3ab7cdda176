#include "session_activity.hpp"

#include "schemadiff/pg/redact.hpp"

namespace schemadiff::run {

namespace {

// One line per session of `pids` (an SQL int[] expression with $1 its argument).
constexpr const char *describe_sessions = R"(
SELECT string_agg(format('pid %s (%s@%s, application %s, %s for %s s): %s', a.pid, coalesce(a.usename, '?'),
                         coalesce(host(a.client_addr), 'local'), coalesce(nullif(a.application_name, ''), '-'),
                         coalesce(a.state, '?'),
                         coalesce(round(extract(epoch FROM clock_timestamp() - coalesce(a.state_change, a.backend_start)))::text, '?'),
                         left(regexp_replace(coalesce(a.query, ''), '\s+', ' ', 'g'), 120)), '; ' ORDER BY a.pid)
FROM pg_stat_activity a
WHERE a.pid = ANY ()";

} // namespace

std::string sessions_blocking(pqxx::connection &monitor, int pid) {
  pqxx::nontransaction work(monitor);
  const pqxx::result rows = work.exec_params(std::string(describe_sessions) + "pg_blocking_pids($1))", pid);
  return rows[0][0].is_null() ? std::string() : pg::redact_secrets(rows[0][0].as<std::string>());
}

std::string session_holding_advisory_lock(pqxx::connection &monitor, std::int64_t key) {
  pqxx::nontransaction work(monitor);
  const pqxx::result rows = work.exec_params(
      std::string(describe_sessions) +
          "ARRAY(SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND "
          "((classid::bigint << 32) | objid::bigint) = $1))",
      key);
  return rows[0][0].is_null() ? std::string() : pg::redact_secrets(rows[0][0].as<std::string>());
}

} // namespace schemadiff::run
