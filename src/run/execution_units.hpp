#pragma once
// A migration's text cut into what runs as one: the statements between a
// BEGIN and its COMMIT (or the whole text, where the runner wraps it in a
// transaction itself), or one statement alone in autocommit.

#include "script_statements.hpp"

#include <string>
#include <vector>

namespace schemadiff::run {

struct ExecutionUnit {
  std::vector<ScriptStatement> statements; // without the BEGIN and COMMIT
  bool transaction = false;
};

// How the runner of the migration's format would group its statements:
// a file's own BEGIN ... COMMIT pairs make transactions and what is outside
// them runs alone; a file without any runs whole in one transaction when
// `runner_wraps` (dbmate, goose, Flyway and golang-migrate for a file
// schemadiff marked transactional), else statement by statement. Throws
// Error at the file and line of a BEGIN without COMMIT, or a COMMIT
// without BEGIN.
std::vector<ExecutionUnit> execution_units(const std::vector<ScriptStatement> &statements, bool runner_wraps,
                                           const std::string &file);

} // namespace schemadiff::run
