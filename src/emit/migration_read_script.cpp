// The shape of a SQL script as a runner sees it: its top-level statements,
// found by skipping what can hide a ';' (quoted text, dollar-quoted bodies,
// comments), and whether one of them opens a transaction block.

#include "migration_read.hpp"

#include <cctype>

namespace schemadiff::emit::reading {

namespace {

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$'; }

// The offset after a closing `quote`; a doubled quote is part of the text,
// and with backslash escapes (E'...') so is an escaped character.
std::size_t skip_quote(std::string_view sql, std::size_t at, char quote, bool backslash_escapes) {
  std::size_t i = at + 1;
  while (i < sql.size()) {
    if (backslash_escapes && sql[i] == '\\') {
      i += 2;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return sql.size();
}

// $tag$ ... $tag$: the offset after the closing tag, or `at` when no dollar
// quote opens there (a positional parameter such as $1 is not one).
std::size_t skip_dollar_quote(std::string_view sql, std::size_t at) {
  if (at > 0 && is_identifier_char(sql[at - 1])) return at;
  std::size_t end = at + 1;
  while (end < sql.size() && sql[end] != '$') {
    const bool letter = std::isalpha(static_cast<unsigned char>(sql[end])) != 0 || sql[end] == '_';
    const bool digit = std::isdigit(static_cast<unsigned char>(sql[end])) != 0;
    if (!letter && !(digit && end > at + 1)) return at;
    ++end;
  }
  if (end >= sql.size()) return at;
  const std::string_view tag = sql.substr(at, end - at + 1);
  const std::size_t close = sql.find(tag, end + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

std::size_t skip_block_comment(std::string_view sql, std::size_t at) {
  int depth = 0;
  std::size_t i = at;
  while (i + 1 < sql.size()) {
    if (sql[i] == '/' && sql[i + 1] == '*') {
      ++depth;
      i += 2;
    } else if (sql[i] == '*' && sql[i + 1] == '/') {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return sql.size();
}

// The offset after the quoted text or comment that starts at `at`, or `at`.
std::size_t skip_quoted(std::string_view sql, std::size_t at) {
  const char c = sql[at];
  const char next = at + 1 < sql.size() ? sql[at + 1] : '\0';
  if (c == '-' && next == '-') {
    const std::size_t end = sql.find('\n', at);
    return end == std::string_view::npos ? sql.size() : end + 1;
  }
  if (c == '/' && next == '*') return skip_block_comment(sql, at);
  if (c == '"') return skip_quote(sql, at, '"', false);
  if (c == '\'') {
    const bool escape_string =
        at > 0 && (sql[at - 1] == 'E' || sql[at - 1] == 'e') && (at < 2 || !is_identifier_char(sql[at - 2]));
    return skip_quote(sql, at, '\'', escape_string);
  }
  if (c == '$') return skip_dollar_quote(sql, at);
  return at;
}

std::size_t skip_space_and_comments(std::string_view sql, std::size_t at) {
  while (at < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[at])) != 0) {
      ++at;
      continue;
    }
    const bool comment = sql.compare(at, 2, "--") == 0 || sql.compare(at, 2, "/*") == 0;
    if (!comment) break;
    at = skip_quoted(sql, at);
  }
  return at;
}

std::string upper_word_at(std::string_view sql, std::size_t at) {
  std::string word;
  while (at < sql.size() && is_identifier_char(sql[at])) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[at])));
    ++at;
  }
  return word;
}

} // namespace

ScriptShape script_shape(std::string_view sql) {
  ScriptShape shape;
  std::size_t at = 0;
  while (true) {
    at = skip_space_and_comments(sql, at);
    if (at >= sql.size()) break;
    if (sql[at] == ';') {
      ++at;
      continue;
    }
    if (sql[at] == '\\') {
      // A psql meta-command (\set, \i) runs to the end of its line.
      const std::size_t end = sql.find('\n', at);
      at = end == std::string_view::npos ? sql.size() : end + 1;
      continue;
    }
    ++shape.statements;
    const std::string first = upper_word_at(sql, at);
    if (first == "BEGIN") shape.opens_transaction = true;
    if (first == "START" && upper_word_at(sql, skip_space_and_comments(sql, at + first.size())) == "TRANSACTION") {
      shape.opens_transaction = true;
    }
    while (at < sql.size() && sql[at] != ';') {
      const std::size_t after = skip_quoted(sql, at);
      at = after == at ? at + 1 : after;
    }
  }
  return shape;
}

} // namespace schemadiff::emit::reading
