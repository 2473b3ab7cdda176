#pragma once
// Runs a migration's execution units on apply's connection: a unit that
// loses its lock wait is tried again after a pause (a transaction afresh; a
// statement that ran alone, with the file from its start, which every
// written file allows), and a statement that waits long says for whom.

#include "execution_units.hpp"

#include "schemadiff/run/apply.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include <pqxx/pqxx>

namespace schemadiff::run {

class NoticeReporter;

class StatementRunner {
public:
  StatementRunner(pqxx::connection &connection, const ApplyOptions &options);
  ~StatementRunner();
  StatementRunner(const StatementRunner &) = delete;
  StatementRunner &operator=(const StatementRunner &) = delete;

  // Runs `units` in order; `record_end` runs in the last unit's transaction
  // (or in one of its own after a last statement that ran alone), so the
  // history says the migration finished exactly when it did. Returns why it
  // failed: the file and line of the statement and the server's message.
  std::optional<std::string> run(const emit::WrittenMigration &migration, const std::vector<ExecutionUnit> &units,
                                 const std::function<void(pqxx::transaction_base &)> &record_end);

private:
  void run_unit(const ExecutionUnit &unit, const std::function<void(pqxx::transaction_base &)> *record_end);
  void report(const std::string &line) const;

  pqxx::connection &connection_;
  const ApplyOptions &options_;
  std::unique_ptr<NoticeReporter> notices_;
  std::mt19937 random_;
  const ScriptStatement *current_ = nullptr;
};

} // namespace schemadiff::run
