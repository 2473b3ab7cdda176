#pragma once
// What other sessions are doing, as apply reports it: who blocks a waiting
// statement, who holds apply's lock. Queries are shortened and passwords
// redacted.

#include <string>

#include <pqxx/pqxx>

namespace schemadiff::run {

// "pid 4242 (app@10.0.0.7, application worker, idle in transaction for
// 31 s): SELECT ..." for each session that blocks `pid`, joined by "; ";
// empty when none does.
std::string sessions_blocking(pqxx::connection &monitor, int pid);

// The same description of the session holding the advisory lock `key`.
std::string session_holding_advisory_lock(pqxx::connection &monitor, std::int64_t key);

} // namespace schemadiff::run
