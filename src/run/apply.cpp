// schemadiff apply: see include/schemadiff/run/apply.hpp.

#include "schemadiff/run/apply.hpp"

#include "execution_units.hpp"
#include "history.hpp"
#include "migration_statements.hpp"
#include "runner_history.hpp"
#include "schema_state.hpp"
#include "session_activity.hpp"
#include "statement_runner.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/connect.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include <fmt/format.h>

namespace schemadiff::run {

namespace {

using emit::WrittenMigration;

// One apply at a time per database: a session-level advisory lock on this key.
constexpr std::int64_t apply_lock_key = 0x736368656D61; // "schema"

std::string label(const WrittenMigration &migration) { return fmt::format("{}_{}", migration.version, migration.name); }

// What the history records as "by whom": the role, and who ran apply where.
std::string applied_by(pqxx::connection &connection) {
  pqxx::nontransaction work(connection);
  const std::string role = work.exec("SELECT current_user")[0][0].as<std::string>();
  const passwd *user = getpwuid(geteuid());
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return fmt::format("{} (schemadiff apply by {}@{})", role, user != nullptr ? user->pw_name : "?", host);
}

void take_apply_lock(pqxx::connection &connection, const ApplyOptions &options) {
  const auto give_up_at = std::chrono::steady_clock::now() + options.wait_for_other_apply;
  bool reported = false;
  while (true) {
    {
      pqxx::nontransaction work(connection);
      if (work.exec_params("SELECT pg_try_advisory_lock($1)", apply_lock_key)[0][0].as<bool>()) return;
    }
    const std::string holder = session_holding_advisory_lock(connection, apply_lock_key);
    if (std::chrono::steady_clock::now() >= give_up_at) {
      throw Error("another schemadiff apply is running on this database" + (holder.empty() ? "" : ": " + holder),
                  "schemadiff apply", "wait for it to finish, or pass --wait SECONDS to wait for it");
    }
    if (!reported && options.report) options.report("waiting for another schemadiff apply: " + holder);
    reported = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

// The directory's migration before `version`, 0 when it is the first.
std::uint64_t version_before(const std::vector<WrittenMigration> &migrations, std::uint64_t version) {
  std::uint64_t before = 0;
  for (const WrittenMigration &migration : migrations) {
    if (migration.version < version) before = std::max(before, migration.version);
  }
  return before;
}

struct MigrationText {
  const WrittenMigration *migration = nullptr;
  std::string checksum;
};

// Edited files and history the directory lacks stop apply before it runs
// anything, unless --force.
void check_history(pqxx::connection &connection, const std::vector<MigrationText> &migrations,
                   const std::map<std::uint64_t, HistoryEntry> &history, const ApplyOptions &options) {
  for (const MigrationText &text : migrations) {
    const auto applied = history.find(text.migration->version);
    if (applied == history.end() || applied->second.checksum == text.checksum) continue;
    if (!options.force) {
      throw Error(fmt::format("migration {} was applied ({}) and its file has changed since", label(*text.migration),
                              applied->second.finished_at.value_or("not finished")),
                  text.migration->file.string(),
                  "put the file back as it was applied and write the change as a new migration, or pass --force to "
                  "accept the file as it is now");
    }
    if (options.report) options.report(fmt::format("--force: accepting the edited {}", label(*text.migration)));
    if (!options.dry_run) record_checksum(connection, text.migration->version, text.checksum);
  }
  for (const auto &[version, entry] : history) {
    const bool known = std::any_of(migrations.begin(), migrations.end(),
                                   [&](const MigrationText &text) { return text.migration->version == version; });
    if (known || options.force) continue;
    throw Error(fmt::format("the database has migration {}_{} applied, which the migration directory does not hold",
                            version, entry.name),
                options.directory.string(),
                "run apply from the directory that wrote it (or pass --force to go on without it)");
  }
}

// The schema is as the last apply left it, unless a migration is unfinished
// (its partial work is there) or this is the first apply.
void check_schema_unchanged(pqxx::connection &connection, const std::map<std::uint64_t, HistoryEntry> &history,
                            const ApplyOptions &options) {
  if (!options.live_schema) return;
  const bool unfinished =
      std::any_of(history.begin(), history.end(), [](const auto &entry) { return !entry.second.finished_at; });
  const std::optional<RecordedSchema> recorded = recorded_schema(connection);
  if (!recorded || unfinished) return;
  const std::string changes = schema_changes(recorded->schema_sql, options.live_schema());
  if (changes.empty()) return;
  if (options.force) {
    if (options.report) options.report("--force: the schema has changed since the last apply:" + changes);
    return;
  }
  throw Error(fmt::format("the schema has changed since the last apply ({}), so the pending migrations were not "
                          "written for it; what differs (- then, + now):{}",
                          recorded->recorded_at, changes),
              "schemadiff apply",
              "find out who changed it and why; `schemadiff drift` compares it with the schema files; pass --force "
              "to apply anyway");
}

} // namespace

ApplyOutcome apply_migrations(const ApplyOptions &options) {
  const std::vector<WrittenMigration> written = emit::read_migrations(options.directory, options.format);
  const std::unique_ptr<pqxx::connection> connection = pg::connect(options.conninfo);
  {
    pqxx::nontransaction work(*connection);
    work.exec("SET application_name = 'schemadiff apply'");
  }
  take_apply_lock(*connection, options);
  if (!options.dry_run) ensure_history(*connection);
  const std::map<std::uint64_t, HistoryEntry> history = read_history(*connection);

  std::vector<MigrationText> migrations;
  for (const WrittenMigration &migration : written) {
    // Up and down both: an edited down is as much a changed migration. The
    // up's length keeps "ab" + "c" apart from "a" + "bc".
    const std::string both = fmt::format("{}:{}{}", migration.up.size(), migration.up, migration.down);
    migrations.push_back({&migration, checksum_of(*connection, both)});
  }
  check_history(*connection, migrations, history, options);

  // What the team's other runner ran is done: recorded, never run again.
  const std::string by = applied_by(*connection);
  std::set<std::uint64_t> done_by_runner;
  {
    pqxx::nontransaction work(*connection);
    done_by_runner = runner_applied(work, options.format, written);
  }
  const auto finished = [&](std::uint64_t version) {
    const auto applied = history.find(version);
    return (applied != history.end() && applied->second.finished_at) || done_by_runner.count(version) != 0;
  };
  for (const MigrationText &text : migrations) {
    const auto applied = history.find(text.migration->version);
    if (done_by_runner.count(text.migration->version) == 0 || (applied != history.end() && applied->second.finished_at))
      continue;
    if (options.report) {
      options.report(fmt::format("{}: the {} history says it ran; recorded as applied", label(*text.migration),
                                 emit::format_name(options.format)));
    }
    if (!options.dry_run) record_adopted(*connection, text.migration->version, text.migration->name, text.checksum, by);
  }

  check_schema_unchanged(*connection, history, options);

  // What runs, in order: the pending ups, or the downs of the last N finished.
  const Direction direction = options.down > 0 ? Direction::Down : Direction::Up;
  std::vector<const MigrationText *> chosen;
  if (direction == Direction::Up) {
    for (const MigrationText &text : migrations) {
      if (!finished(text.migration->version)) chosen.push_back(&text);
    }
  } else {
    for (auto text = migrations.rbegin(); text != migrations.rend() && chosen.size() < options.down; ++text) {
      if (finished(text->migration->version)) chosen.push_back(&*text);
    }
    if (chosen.size() < options.down) {
      throw Error(fmt::format("--down {} asks for more migrations than the {} applied", options.down, chosen.size()),
                  "schemadiff apply");
    }
  }

  ApplyOutcome outcome;
  StatementRunner runner(*connection, options);
  for (const MigrationText *text : chosen) {
    const WrittenMigration &migration = *text->migration;
    if (direction == Direction::Down && migration.down.empty()) {
      throw Error(fmt::format("migration {} has no down", label(migration)), migration.file.string());
    }
    const std::vector<ExecutionUnit> units = execution_units(migration_statements(migration, options.format, direction),
                                                             migration.transactional, migration.file.string());
    const std::string verb = direction == Direction::Up ? "up" : "down";
    if (options.dry_run) {
      if (options.report)
        options.report(fmt::format("would run {} {}:\n{}", verb, label(migration),
                                   direction == Direction::Up ? migration.up : migration.down));
      outcome.ran.push_back(label(migration));
      continue;
    }
    if (options.report) options.report(fmt::format("{} {}", verb, label(migration)));
    if (direction == Direction::Up) record_started(*connection, migration.version, migration.name, text->checksum, by);
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed_ms = [started] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    };
    const auto record_end = [&](pqxx::transaction_base &work) {
      if (direction == Direction::Up) {
        record_finished(work, migration.version);
        runner_record_up(work, options.format, {migration, options.directory, elapsed_ms()});
      } else {
        record_reverted(work, migration.version);
        runner_record_down(work, options.format, {migration, options.directory, elapsed_ms()},
                           version_before(written, migration.version));
      }
    };
    if (std::optional<std::string> failure = runner.run(migration, units, record_end)) {
      outcome.failure = fmt::format("{} {}: {}", verb, label(migration), *failure);
      return outcome;
    }
    outcome.ran.push_back(label(migration));
  }
  if (options.live_schema && !options.dry_run) record_schema(*connection, options.live_schema());
  return outcome;
}

} // namespace schemadiff::run
