#include "script_statements.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/source/psql_script.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

extern "C" {
#include <pg_query.h>
}

namespace schemadiff::run {

namespace {

struct SplitResultDeleter {
  void operator()(PgQuerySplitResult *result) const {
    pg_query_free_split_result(*result);
    delete result;
  }
};

std::size_t skip_space_and_comments(const std::string &text, std::size_t at, std::size_t end) {
  while (at < end) {
    if (std::isspace(static_cast<unsigned char>(text[at])) != 0) {
      ++at;
    } else if (text.compare(at, 2, "--") == 0) {
      const std::size_t line_end = text.find('\n', at);
      at = line_end == std::string::npos ? end : line_end + 1;
    } else if (text.compare(at, 2, "/*") == 0) {
      int depth = 0;
      while (at + 1 < end) {
        if (text.compare(at, 2, "/*") == 0) {
          ++depth;
          at += 2;
        } else if (text.compare(at, 2, "*/") == 0) {
          at += 2;
          if (--depth == 0) break;
        } else {
          ++at;
        }
      }
    } else {
      break;
    }
  }
  return std::min(at, end);
}

int line_at(const std::string &text, std::size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

} // namespace

std::vector<ScriptStatement> split_script(const std::string &script, bool psql_script, const std::string &file,
                                          int first_line) {
  const std::string text = psql_script ? source::without_psql_meta_commands(script) : script;
  const std::unique_ptr<PgQuerySplitResult, SplitResultDeleter> result(
      new PgQuerySplitResult(pg_query_split_with_scanner(text.c_str())));
  if (result->error != nullptr) {
    const std::size_t at = std::min(text.size(), static_cast<std::size_t>(std::max(result->error->cursorpos - 1, 0)));
    throw Error(std::string("cannot split the script into statements: ") + result->error->message,
                file_position(file, first_line - 1 + line_at(text, at)));
  }
  std::vector<ScriptStatement> statements;
  // Adds the statement in text[start, end) unless it holds only blanks,
  // comments and semicolons.
  const auto add = [&](std::size_t start, std::size_t end) {
    std::size_t first_token = skip_space_and_comments(text, start, end);
    while (first_token < end && text[first_token] == ';')
      first_token = skip_space_and_comments(text, first_token + 1, end);
    if (first_token >= end) return;
    if (end < text.size() && text[end] == ';') ++end;
    statements.push_back(
        ScriptStatement{text.substr(first_token, end - first_token), first_line - 1 + line_at(text, first_token)});
  };
  std::size_t covered = 0;
  for (int i = 0; i < result->n_stmts; ++i) {
    const PgQuerySplitStmt &piece = *result->stmts[i];
    const std::size_t start = std::max(covered, static_cast<std::size_t>(piece.stmt_location));
    // A length of 0 means "to the end of the text".
    std::size_t end = piece.stmt_len == 0 ? text.size() : start + static_cast<std::size_t>(piece.stmt_len);
    end = std::min(end, text.size());
    add(start, end);
    covered = end;
  }
  // The scanner leaves out what it cannot close (a parenthesis left open):
  // sent as it is, the server says what is wrong with it.
  add(covered, text.size());
  return statements;
}

} // namespace schemadiff::run
