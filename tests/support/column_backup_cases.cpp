#include "column_backup_cases.hpp"

#include "support/scratch_directory.hpp"

#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace schemadiff::testing {

namespace {

void run(const std::string &conninfo, const plan::Step &step, const std::vector<std::string> &statements) {
  pqxx::connection connection(conninfo);
  if (step.transactional) {
    pqxx::work work(connection);
    for (const std::string &statement : statements) work.exec(statement);
    work.commit();
    return;
  }
  for (const std::string &statement : statements) pqxx::nontransaction(connection).exec(statement);
}

} // namespace

plan::PlanOptions in_batches_of_500() {
  plan::PlanOptions options;
  options.backfill_batch_rows = 500;
  return options;
}

std::unique_ptr<Planned> planned(const std::string &old_sql, const std::string &new_sql) {
  auto planned = std::make_unique<Planned>();
  planned->database.execute(old_sql);
  const ScratchDirectory schema;
  schema.write("schema.sql", new_sql);
  planned->before = source::introspect(planned->database.conninfo());
  planned->desired = source::read_desired_schema(schema.path(), shared_cluster_conninfo());
  planned->plan = plan::build_plan(planned->before, planned->desired, in_batches_of_500());
  return planned;
}

void run_up(const std::string &conninfo, const plan::Step &step) { run(conninfo, step, step.up); }
void run_down(const std::string &conninfo, const plan::Step &step) { run(conninfo, step, step.down); }

void run_all_down(const std::string &conninfo, const plan::Plan &plan) {
  for (auto step = plan.rbegin(); step != plan.rend(); ++step) run_down(conninfo, *step);
}

void wait_for_lock_wait(const TestDatabase &database, int except) {
  pqxx::connection connection(database.conninfo());
  for (int attempt = 0; attempt < 1000; ++attempt) {
    pqxx::nontransaction read(connection);
    const std::string waiting = fmt::format(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
        "AND pid <> {}",
        except);
    if (read.exec1(waiting)[0].as<int>() > 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("no session came to wait for a lock within 10 s");
}

} // namespace schemadiff::testing
