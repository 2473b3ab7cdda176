#include "execution_units.hpp"

#include "schemadiff/error.hpp"

#include <algorithm>
#include <cctype>

namespace schemadiff::run {

namespace {

// The statement's words in upper case, without its ';' and extra blanks.
std::string words_of(const std::string &statement) {
  std::string words;
  bool blank = false;
  for (const char c : statement) {
    if (c == ';') break;
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      blank = !words.empty();
      continue;
    }
    if (blank) words += ' ';
    blank = false;
    words += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return words;
}

bool opens_transaction(const std::string &statement) {
  const std::string words = words_of(statement);
  return words == "BEGIN" || words == "BEGIN TRANSACTION" || words == "BEGIN WORK" || words == "START TRANSACTION";
}

bool closes_transaction(const std::string &statement) {
  const std::string words = words_of(statement);
  return words == "COMMIT" || words == "COMMIT TRANSACTION" || words == "COMMIT WORK" || words == "END" ||
         words == "END TRANSACTION";
}

} // namespace

std::vector<ExecutionUnit> execution_units(const std::vector<ScriptStatement> &statements, bool runner_wraps,
                                           const std::string &file) {
  const bool explicit_transactions = std::any_of(statements.begin(), statements.end(), [](const ScriptStatement &s) {
    return opens_transaction(s.text) || closes_transaction(s.text);
  });
  std::vector<ExecutionUnit> units;
  if (!explicit_transactions) {
    if (statements.empty()) return units;
    if (runner_wraps) return {ExecutionUnit{statements, true}};
    for (const ScriptStatement &statement : statements) units.push_back({{statement}, false});
    return units;
  }
  const ScriptStatement *opened = nullptr;
  for (const ScriptStatement &statement : statements) {
    if (opens_transaction(statement.text)) {
      if (opened != nullptr) {
        throw Error("BEGIN inside a transaction that has not ended", file_position(file, statement.line),
                    "end the transaction that starts at line " + std::to_string(opened->line) + " first");
      }
      opened = &statement;
      units.push_back({{}, true});
    } else if (closes_transaction(statement.text)) {
      if (opened == nullptr) throw Error("COMMIT without a BEGIN", file_position(file, statement.line));
      opened = nullptr;
    } else if (opened != nullptr) {
      units.back().statements.push_back(statement);
    } else {
      units.push_back({{statement}, false});
    }
  }
  if (opened != nullptr) throw Error("BEGIN without a COMMIT", file_position(file, opened->line));
  return units;
}

} // namespace schemadiff::run
