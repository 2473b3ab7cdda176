#include "plan_round_trip.hpp"

#include "scratch_directory.hpp"
#include "test_database.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/quote.hpp"
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

std::function<std::optional<std::int64_t>(const model::QualifiedName &, const std::string &)>
live_row_counter(const std::string &conninfo) {
  return [conninfo](const model::QualifiedName &table, const std::string &predicate) -> std::optional<std::int64_t> {
    pqxx::connection connection(conninfo);
    pqxx::nontransaction read(connection);
    return read
        .exec1("SELECT count(*) FROM " + pg::quote_qualified(table.schema, table.name) + " WHERE " + predicate)[0]
        .as<std::int64_t>();
  };
}

void apply_up(const std::string &conninfo, const plan::Plan &plan, const BetweenSteps &between_steps) {
  for (const plan::Step &step : plan) {
    run_statements(conninfo, step.up);
    if (between_steps) between_steps(conninfo, step);
  }
}

void apply_down(const std::string &conninfo, const plan::Plan &plan, const BetweenSteps &between_steps) {
  for (auto step = plan.rbegin(); step != plan.rend(); ++step) {
    run_statements(conninfo, step->down);
    if (between_steps) between_steps(conninfo, *step);
  }
}

PlanRoundTrip plan_round_trip(const std::string &old_sql, const std::string &new_sql, const plan::PlanOptions &options,
                              const std::string &probe, const BetweenSteps &between_steps) {
  PlanRoundTrip result;
  const TestDatabase live;
  live.execute(old_sql);
  const ScratchDirectory schema;
  schema.write("schema.sql", new_sql);
  const model::Catalog before = source::introspect(live.conninfo());
  const model::Catalog desired = source::read_desired_schema(schema.path(), shared_cluster_conninfo());
  // Rows are counted on the live database, as `schemadiff plan --db` does.
  plan::PlanOptions planned = options;
  if (!planned.count_rows) planned.count_rows = live_row_counter(live.conninfo());
  result.plan = plan::build_plan(before, desired, planned);
  try {
    apply_up(live.conninfo(), result.plan, between_steps);
    const model::Catalog after_up = source::introspect(live.conninfo());
    result.up_reaches_new = after_up.same_schema(desired);
    if (!probe.empty()) result.probe_after_up = live.query_value(probe);
    result.second_plan = plan::build_plan(after_up, desired, planned);
    apply_down(live.conninfo(), result.plan, between_steps);
    result.down_restores_old = source::introspect(live.conninfo()).same_schema(before);
    if (!probe.empty()) result.probe_after_down = live.query_value(probe);
  } catch (const std::exception &error) {
    result.failure = error.what();
  }
  return result;
}

} // namespace schemadiff::testing
