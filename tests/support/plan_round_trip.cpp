#include "plan_round_trip.hpp"

#include "scratch_directory.hpp"
#include "test_database.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include <pqxx/pqxx>

namespace schemadiff::testing {

namespace {

void run_statements(const std::string &conninfo, const std::vector<std::string> &statements) {
  pqxx::connection connection(conninfo);
  for (const std::string &statement : statements) {
    pqxx::nontransaction work(connection);
    work.exec(statement);
    work.commit();
  }
}

} // namespace

void apply_up(const std::string &conninfo, const plan::Plan &plan) {
  for (const plan::Step &step : plan) run_statements(conninfo, step.up);
}

void apply_down(const std::string &conninfo, const plan::Plan &plan) {
  for (auto step = plan.rbegin(); step != plan.rend(); ++step) run_statements(conninfo, step->down);
}

PlanRoundTrip plan_round_trip(const std::string &old_sql, const std::string &new_sql, const plan::PlanOptions &options,
                              const std::string &probe) {
  PlanRoundTrip result;
  const TestDatabase live;
  live.execute(old_sql);
  const ScratchDirectory schema;
  schema.write("schema.sql", new_sql);
  const model::Catalog before = source::introspect(live.conninfo());
  const model::Catalog desired = source::read_desired_schema(schema.path(), shared_cluster_conninfo());
  result.plan = plan::build_plan(before, desired, options);
  try {
    apply_up(live.conninfo(), result.plan);
    const model::Catalog after_up = source::introspect(live.conninfo());
    result.up_reaches_new = after_up.same_schema(desired);
    if (!probe.empty()) result.probe_after_up = live.query_value(probe);
    result.second_plan = plan::build_plan(after_up, desired, options);
    apply_down(live.conninfo(), result.plan);
    result.down_restores_old = source::introspect(live.conninfo()).same_schema(before);
    if (!probe.empty()) result.probe_after_down = live.query_value(probe);
  } catch (const std::exception &error) {
    result.failure = error.what();
  }
  return result;
}

} // namespace schemadiff::testing
