#include "statement_runner.hpp"

#include "concurrent_builds.hpp"
#include "server_message.hpp"
#include "session_activity.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/connect.hpp"
#include "schemadiff/pg/redact.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace schemadiff::run {

namespace {

std::string first_line(const std::string &statement) {
  std::string line = statement.substr(0, statement.find('\n'));
  if (!line.empty() && line.back() == ';') line.pop_back();
  return line.size() > 80 ? line.substr(0, 77) + "..." : line;
}

// While a statement runs, reports every `interval` who it waits for, from a
// connection of its own.
class WaitWatcher {
public:
  WaitWatcher(const ApplyOptions &options, int pid, std::string statement)
      : options_(options), pid_(pid), statement_(std::move(statement)) {
    if (options_.report && options_.report_waits_after.count() > 0) thread_ = std::thread([this] { watch(); });
  }
  ~WaitWatcher() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    woken_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  WaitWatcher(const WaitWatcher &) = delete;
  WaitWatcher &operator=(const WaitWatcher &) = delete;

private:
  void watch() {
    std::unique_ptr<pqxx::connection> monitor;
    std::unique_lock<std::mutex> lock(mutex_);
    const auto started = std::chrono::steady_clock::now();
    while (!woken_.wait_for(lock, options_.report_waits_after, [this] { return done_; })) {
      try {
        if (!monitor) monitor = pg::connect(options_.conninfo);
        const std::string blockers = sessions_blocking(*monitor, pid_);
        if (blockers.empty()) continue;
        const auto waited =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
        options_.report(fmt::format("  {} has waited {} s for: {}", statement_, waited.count(), blockers));
      } catch (const std::exception &) {
        return; // a report that cannot be made is no reason to stop the migration
      }
    }
  }

  const ApplyOptions &options_;
  int pid_;
  std::string statement_;
  std::mutex mutex_;
  std::condition_variable woken_;
  bool done_ = false;
  std::thread thread_;
};

} // namespace

// The server's notices — a backfill's progress — shown as they come, but a
// run of them at most every `every`. A guard's "already exists, skipping"
// is left out: it is what a rerun is expected to say.
class NoticeReporter : public pqxx::errorhandler {
public:
  NoticeReporter(pqxx::connection &connection, const ApplyOptions &options)
      : pqxx::errorhandler(connection), options_(options) {}

  bool operator()(const char message[]) noexcept override {
    try {
      const std::string text = server_message(message);
      if (text.find(", skipping") != std::string::npos) return false;
      const auto now = std::chrono::steady_clock::now();
      // A backfill that pauses for a lagging replica, or goes on again,
      // says so at once: a log line 10 s later would explain nothing.
      const bool paused = text.find(": paused: ") != std::string::npos;
      if (options_.report && (now - shown_ >= options_.progress_every || paused != paused_)) {
        options_.report("  " + text);
        shown_ = now;
        paused_ = paused;
        held_.clear();
      } else {
        held_ = text;
      }
    } catch (...) {
    }
    return false;
  }

  // The last notice not shown yet, once its statement is done.
  void flush() {
    if (!held_.empty() && options_.report) options_.report("  " + held_);
    held_.clear();
  }

private:
  std::string held_;
  const ApplyOptions &options_;
  std::chrono::steady_clock::time_point shown_{};
  bool paused_ = false;
};

StatementRunner::StatementRunner(pqxx::connection &connection, const ApplyOptions &options)
    : connection_(connection), options_(options), random_(std::random_device{}()) {
  pqxx::nontransaction work(connection_);
  // Only the files' own limits apply: a role's lock_timeout would throw a
  // concurrent build away after its scan.
  work.exec("SET lock_timeout = 0");
  work.exec("SET statement_timeout = 0");
  // What the written backfills read to pace their batches.
  work.exec(fmt::format("SET schemadiff.batch_target_ms = {}", options_.batch_target_ms));
  work.exec(fmt::format("SET schemadiff.batch_pause_ms = {}", options_.batch_pause_ms));
  work.exec(options_.max_replica_lag_ms > 0
                ? fmt::format("SET schemadiff.max_replica_lag_ms = {}", options_.max_replica_lag_ms)
                : std::string("RESET schemadiff.max_replica_lag_ms"));
  notices_ = std::make_unique<NoticeReporter>(connection_, options_);
}

StatementRunner::~StatementRunner() = default;

void StatementRunner::report(const std::string &line) const {
  if (options_.report) options_.report(line);
}

void StatementRunner::run_unit(const ExecutionUnit &unit,
                               const std::function<void(pqxx::transaction_base &)> *record_end) {
  const auto run_in = [&](pqxx::transaction_base &work) {
    for (const ScriptStatement &statement : unit.statements) {
      current_ = &statement;
      const WaitWatcher watcher(options_, connection_.backendpid(), first_line(statement.text));
      work.exec(statement.text);
    }
    current_ = nullptr;
    notices_->flush();
    if (record_end != nullptr) (*record_end)(work);
  };
  if (!unit.transaction && unit.statements.size() == 1) {
    if (const auto index = index_built_concurrently(unit.statements.front().text)) {
      current_ = &unit.statements.front();
      pqxx::nontransaction cleanup(connection_);
      cleanup.exec(plan::ddl::invalid_index_cleanup(*index, options_.cleanup_lock_timeout));
    }
  }
  if (unit.transaction) {
    pqxx::work work(connection_);
    run_in(work);
    work.commit();
  } else {
    pqxx::nontransaction work(connection_);
    run_in(work);
  }
}

std::optional<std::string> StatementRunner::run(const emit::WrittenMigration &migration,
                                                const std::vector<ExecutionUnit> &units,
                                                const std::function<void(pqxx::transaction_base &)> &record_end) {
  int attempt = 1;
  std::size_t next = 0;
  const bool last_in_transaction = !units.empty() && units.back().transaction;
  while (next < units.size()) {
    const bool last = next + 1 == units.size();
    try {
      run_unit(units[next], last && last_in_transaction ? &record_end : nullptr);
      ++next;
    } catch (const pqxx::broken_connection &failure) {
      return fmt::format("the connection broke: {}", server_message(failure.what()));
    } catch (const pqxx::sql_error &failure) {
      const std::string where = current_ != nullptr ? file_position(migration.file.string(), current_->line) : "";
      const std::string what = current_ != nullptr ? first_line(current_->text) : "the history";
      if (!is_lock_wait_failure(failure.sqlstate()) || attempt >= options_.retry.attempts) {
        return fmt::format("{}: {}: {}{}", where, what, server_message(failure.what()),
                           is_lock_wait_failure(failure.sqlstate())
                               ? fmt::format(" (after {} tries; the next apply tries again)", attempt)
                               : "");
      }
      const std::chrono::milliseconds pause = pause_before_retry(options_.retry, attempt, random_);
      ++attempt;
      report(fmt::format("  {}: {}: {}; try {} of {} in {} ms", where, what,
                         server_message(pg::redact_secrets(failure.what())), attempt, options_.retry.attempts,
                         pause.count()));
      std::this_thread::sleep_for(pause);
      // A transaction rolled back whole: it alone runs again. A statement
      // that ran alone may have left work behind (an INVALID index): the
      // file runs again from its start, which cleans that up first.
      if (!units[next].transaction) next = 0;
    }
  }
  if (!last_in_transaction) {
    try {
      pqxx::work work(connection_);
      record_end(work);
      work.commit();
    } catch (const pqxx::broken_connection &failure) {
      return fmt::format("the connection broke: {}", server_message(failure.what()));
    }
  }
  return std::nullopt;
}

} // namespace schemadiff::run
