#pragma once
// schemadiff apply: the pending migrations of a migration directory run on
// a database, in order, each recorded in schemadiff.migration_history so
// that none runs twice. A step that loses its lock wait is tried again
// after a pause; a migration that fails leaves nothing half-applied that
// a rerun would not finish (every written file can be run again), and the
// next apply starts with it.

#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/run/lock_retry.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::run {

struct ApplyOptions {
  std::filesystem::path directory;
  emit::MigrationFormat format = emit::MigrationFormat::GolangMigrate;
  std::string conninfo;
  bool dry_run = false; // say what would run; change nothing
  std::size_t down = 0; // run the downs of the last `down` applied migrations instead
  bool force = false;   // accept edited files and history the directory lacks
  RetryPolicy retry;
  std::chrono::milliseconds wait_for_other_apply{0};  // how long to wait for another apply to finish
  std::chrono::milliseconds report_waits_after{5000}; // a statement waiting longer says for whom
  std::string cleanup_lock_timeout = "1s";            // dropping a failed build's INVALID index waits at most this
  // Backfill pacing, for the written backfills to read (see plan/kinds/backfill.cpp).
  std::int64_t batch_target_ms = 200;
  std::int64_t batch_pause_ms = 0;
  std::int64_t max_replica_lag_ms = 10000;        // 0: no check
  std::chrono::milliseconds progress_every{10000}; // server notices (backfill progress) shown at most this often
  // The live schema as `inspect --format sql` prints it, without the
  // runner's objects: compared with what the last apply recorded, and
  // recorded after this one. Unset: no such check.
  std::function<std::string()> live_schema;
  std::function<void(const std::string &)> report;    // one line of progress at a time
};

struct ApplyOutcome {
  std::vector<std::string> ran;       // "version_name" of each migration run
  std::optional<std::string> failure; // the migration and statement that failed, and why
};

// Runs what `options` asks. A failed migration is an outcome (exit 1);
// everything that stops apply before it runs anything — the directory, the
// connection, an edited file, another apply holding the database — throws
// Error (exit 2).
ApplyOutcome apply_migrations(const ApplyOptions &options);

} // namespace schemadiff::run
