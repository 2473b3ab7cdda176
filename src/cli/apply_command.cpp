// schemadiff apply: the migration directory's pending migrations run on a
// live database (exit 0), a migration that failed (exit 1), or an error
// before anything ran (exit 2).

#include "commands.hpp"

#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/emit/runner_objects.hpp"
#include "schemadiff/emit/schema_sql.hpp"
#include "schemadiff/error.hpp"
#include "schemadiff/pg/redact.hpp"
#include "schemadiff/run/apply.hpp"
#include "schemadiff/source/introspect.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

namespace schemadiff::cli {

namespace {

constexpr int step_failed_status = 1;

// Migrations whose header lists a data_loss hazard run only when asked
// for, as write writes them only when asked for.
void refuse_destructive_migrations(const run::ApplyOptions &options, bool allowed) {
  if (allowed || options.down > 0) return;
  std::string listed;
  for (const emit::WrittenMigration &migration : emit::read_migrations(options.directory, options.format)) {
    if (emit::header_marks_data_loss(migration.up))
      listed += fmt::format("\n  {}_{}", migration.version, migration.name);
  }
  if (listed.empty()) return;
  throw Error("the migration directory holds destructive migrations; nothing was run:" + listed, "schemadiff apply",
              "review them, then pass --allow-destructive (their data is kept in schemadiff_backup and each down "
              "restores it)");
}

} // namespace

int run_apply(const CommandLine &line, const Config &config) {
  const std::optional<std::string> database = live_database(line, config);
  if (!database) {
    throw Error("no database given", "schemadiff apply",
                "apply runs migrations on a live database: pass --db URL, set [database] url in schemadiff.toml, or "
                "set DATABASE_URL");
  }
  run::ApplyOptions options;
  options.directory = migration_directory(line);
  if (!std::filesystem::is_directory(options.directory)) {
    throw Error("the migration directory does not exist", options.directory.string(),
                "pass --out DIR, or write migrations first with `schemadiff write`");
  }
  options.format = migration_format(line, config);
  options.conninfo = *database;
  options.dry_run = line.dry_run;
  options.down = line.revert.value_or(0);
  options.force = line.force;
  options.retry.attempts = static_cast<int>(config.apply.lock_retries);
  options.retry.first_wait = std::chrono::milliseconds(duration_milliseconds(config.apply.retry_first_wait));
  options.retry.max_wait = std::chrono::milliseconds(duration_milliseconds(config.apply.retry_max_wait));
  options.wait_for_other_apply =
      std::chrono::milliseconds(static_cast<std::int64_t>(line.wait_seconds.value_or(0) * 1000));
  options.cleanup_lock_timeout = config.safety.lock_timeout;
  options.batch_target_ms = config.apply.batch_target_ms;
  options.batch_pause_ms = config.apply.batch_pause_ms;
  options.max_replica_lag_ms = static_cast<std::int64_t>(line.max_replica_lag * 1000);
  // A terminal sees the progress as it goes; a log, a line every 10 s.
  options.progress_every = std::chrono::milliseconds(isatty(STDERR_FILENO) ? 1000 : 10000);
  options.report = [](const std::string &text) { std::cerr << pg::redact_secrets(text) << "\n"; };
  refuse_destructive_migrations(options, line.allow_destructive);
  options.live_schema = [database = *database, format = options.format] {
    return emit::render_schema_sql(emit::without_runner_objects(source::introspect(database), format));
  };

  std::cerr << fmt::format("schemadiff apply: {} migrations of {} on {}\n", emit::format_name(options.format),
                           options.directory.string(), pg::redact_secrets(*database));
  const run::ApplyOutcome outcome = run::apply_migrations(options);
  for (const std::string &ran : outcome.ran) std::cout << ran << "\n";
  const char *did = options.dry_run ? "would run" : options.down > 0 ? "reverted" : "applied";
  if (outcome.failure) {
    std::cerr << fmt::format("schemadiff apply: {} {} migration(s), then failed:\n  {}\n", did, outcome.ran.size(),
                             pg::redact_secrets(*outcome.failure));
    std::cerr << "schemadiff apply: the failed migration left nothing half-applied that a rerun does not finish; "
                 "the next apply starts with it\n";
    return step_failed_status;
  }
  std::cerr << fmt::format("schemadiff apply: {} {} migration(s){}\n", did, outcome.ran.size(),
                           outcome.ran.empty() ? " (nothing pending)" : "");
  return 0;
}

} // namespace schemadiff::cli
