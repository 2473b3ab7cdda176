#pragma once
// The application's writes on public.orders at a fixed rate, as old code
// sends them while a migration runs: single-row INSERTs that do not set any
// column the migration adds, and single-row UPDATEs, each timed.
//
// Each statement's latency runs from the time it was due, not from when it
// was sent (as `pgbench --rate` counts it): a writer stalled behind a lock
// owes every statement that fell due meanwhile, and each of them waited.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

struct pg_conn; // libpq's PGconn

namespace schemadiff::bench {

using Clock = std::chrono::steady_clock;

struct WriterLoadOptions {
  int writers = 8;                    // connections, one thread each
  double statements_per_second = 400; // in total, spread evenly over the writers
  std::int64_t rows = 0;              // UPDATEs pick a random id in 1..rows
  std::int64_t accounts = 0;          // INSERTs pick a random account_id in 1..accounts
  std::int64_t first_ref = 0;         // INSERTs take unique refs from here up
};

struct WriteSample {
  Clock::time_point due;
  Clock::time_point done;
  bool ok = true;
};

struct WriterResults {
  std::vector<WriteSample> samples; // every writer's, in no particular order
  std::string first_error;          // the first failed statement's message, if any
};

class WriterLoad {
public:
  // Connects every writer (throws when one cannot), then starts them.
  WriterLoad(const std::string &conninfo, const WriterLoadOptions &options);
  ~WriterLoad();
  WriterLoad(const WriterLoad &) = delete;
  WriterLoad &operator=(const WriterLoad &) = delete;

  // Every writer runs the statements due before `last_due`, late ones
  // included, then stops.
  WriterResults finish(Clock::time_point last_due);

private:
  void write(int writer, Clock::time_point first_due);

  WriterLoadOptions options_;
  std::vector<pg_conn *> connections_;
  std::vector<std::vector<WriteSample>> samples_; // one vector a writer: no sharing
  std::vector<std::string> first_errors_;
  std::atomic<std::int64_t> next_ref_;
  std::atomic<Clock::rep> last_due_;
  std::vector<std::thread> threads_;
};

} // namespace schemadiff::bench
