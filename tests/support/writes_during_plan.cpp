#include "writes_during_plan.hpp"

#include "plan_round_trip.hpp"

#include <atomic>
#include <thread>

#include <pqxx/pqxx>

namespace schemadiff::testing {

WritesDuringPlan writes_during_plan(const std::string &conninfo, const plan::Plan &plan, const std::string &write) {
  WritesDuringPlan result;
  std::atomic<bool> migrating = true;
  std::thread migration([&] {
    try {
      apply_up(conninfo, plan);
    } catch (const std::exception &error) {
      result.migration_error = error.what();
    }
    migrating = false;
  });
  pqxx::connection writer(conninfo);
  pqxx::nontransaction(writer).exec("SET lock_timeout = '100ms'");
  while (migrating) {
    try {
      pqxx::work writing(writer);
      writing.exec(write);
      writing.commit();
      ++result.writes;
    } catch (const pqxx::sql_error &) {
      ++result.blocked;
    }
  }
  migration.join();
  return result;
}

} // namespace schemadiff::testing
