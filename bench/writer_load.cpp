#include "writer_load.hpp"

#include <libpq-fe.h>

#include <limits>
#include <random>
#include <stdexcept>

namespace schemadiff::bench {

namespace {

// Old code: it knows none of the columns a migration adds. Prepared once,
// as an application's driver would; PostgreSQL replans them after the DDL.
constexpr const char *insert_sql = "INSERT INTO public.orders (account_id, amount, ref) VALUES ($1, $2, $3)";
constexpr const char *update_sql = "UPDATE public.orders SET amount = amount + 1 WHERE id = $1";

void prepare(PGconn *connection, const char *name, const char *sql) {
  PGresult *result = PQprepare(connection, name, sql, 0, nullptr);
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
  if (!ok)
    throw std::runtime_error(std::string("preparing a writer's statement failed: ") + PQerrorMessage(connection));
}

} // namespace

WriterLoad::WriterLoad(const std::string &conninfo, const WriterLoadOptions &options)
    : options_(options), samples_(options.writers), first_errors_(options.writers), next_ref_(options.first_ref),
      last_due_(std::numeric_limits<Clock::rep>::max()) {
  for (int writer = 0; writer < options_.writers; ++writer) {
    PGconn *connection = PQconnectdb(conninfo.c_str());
    connections_.push_back(connection);
    if (PQstatus(connection) != CONNECTION_OK) {
      const std::string error = PQerrorMessage(connection);
      for (PGconn *opened : connections_) PQfinish(opened);
      throw std::runtime_error("a writer could not connect: " + error);
    }
    prepare(connection, "insert", insert_sql);
    prepare(connection, "update", update_sql);
  }
  // Writers start staggered so that the load is even, not in bursts of 8.
  const Clock::time_point start = Clock::now();
  const auto period = std::chrono::duration<double>(options_.writers / options_.statements_per_second);
  for (int writer = 0; writer < options_.writers; ++writer) {
    const auto offset = std::chrono::duration_cast<Clock::duration>(period * writer / options_.writers);
    threads_.emplace_back(&WriterLoad::write, this, writer, start + offset);
  }
}

WriterLoad::~WriterLoad() {
  if (!threads_.empty()) finish(Clock::now());
  for (PGconn *connection : connections_) PQfinish(connection);
}

WriterResults WriterLoad::finish(Clock::time_point last_due) {
  last_due_ = last_due.time_since_epoch().count();
  for (std::thread &thread : threads_) thread.join();
  threads_.clear();
  WriterResults results;
  for (const auto &samples : samples_) results.samples.insert(results.samples.end(), samples.begin(), samples.end());
  for (const std::string &error : first_errors_) {
    if (results.first_error.empty()) results.first_error = error;
  }
  return results;
}

// Every other statement an INSERT, the others UPDATEs of random old rows.
void WriterLoad::write(int writer, Clock::time_point first_due) {
  PGconn *connection = connections_[writer];
  std::mt19937_64 random(static_cast<std::uint64_t>(writer) + 1);
  std::uniform_int_distribution<std::int64_t> any_row(1, options_.rows);
  std::uniform_int_distribution<std::int64_t> any_account(1, options_.accounts);
  const auto period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options_.writers / options_.statements_per_second));
  for (std::int64_t n = 0;; ++n) {
    const Clock::time_point due = first_due + n * period;
    if (due.time_since_epoch().count() >= last_due_.load()) return;
    std::this_thread::sleep_until(due);
    PGresult *result = nullptr;
    if (n % 2 == 0) {
      const std::string account = std::to_string(any_account(random));
      const std::string amount = std::to_string(n % 1000);
      const std::string ref = std::to_string(next_ref_++);
      const char *values[] = {account.c_str(), amount.c_str(), ref.c_str()};
      result = PQexecPrepared(connection, "insert", 3, values, nullptr, nullptr, 0);
    } else {
      const std::string id = std::to_string(any_row(random));
      const char *values[] = {id.c_str()};
      result = PQexecPrepared(connection, "update", 1, values, nullptr, nullptr, 0);
    }
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok && first_errors_[writer].empty()) first_errors_[writer] = PQresultErrorMessage(result);
    PQclear(result);
    samples_[writer].push_back({due, Clock::now(), ok});
  }
}

} // namespace schemadiff::bench
