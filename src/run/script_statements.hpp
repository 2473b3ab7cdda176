#pragma once
// A migration script cut into the statements a client sends one by one.

#include <string>
#include <vector>

namespace schemadiff::run {

struct ScriptStatement {
  std::string text; // from its first token through its ';', if any
  int line = 0;     // 1-based line of its first token in the script
};

// Splits with libpg_query's scanner (quotes, dollar-quoted bodies and
// comments hide their semicolons); pieces holding only comments are left
// out. psql meta-commands (lines starting with a backslash) are left out
// too when `psql_script`. Throws Error at `file`:line when the scanner
// cannot read the text (an unterminated quote).
std::vector<ScriptStatement> split_script(const std::string &script, bool psql_script, const std::string &file,
                                          int first_line);

} // namespace schemadiff::run
