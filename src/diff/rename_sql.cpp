#include "rename_sql.hpp"

#include "schemadiff/pg/quote.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace schemadiff::diff {

namespace {

enum class TokenKind { Space, Word, QuotedWord, String, Other };

struct Token {
  TokenKind kind = TokenKind::Other;
  std::string_view text;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool starts_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool continues_word(char c) { return starts_word(c) || (c >= '0' && c <= '9') || c == '$'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The end of a '...' literal starting at `quote`; E'...' also has backslash escapes.
std::size_t string_end(std::string_view sql, std::size_t quote, bool backslash_escapes) {
  std::size_t at = quote + 1;
  while (at < sql.size()) {
    if (backslash_escapes && sql[at] == '\\') {
      at += 2;
    } else if (sql[at] == '\'') {
      if (at + 1 < sql.size() && sql[at + 1] == '\'') {
        at += 2;
      } else {
        return at + 1;
      }
    } else {
      ++at;
    }
  }
  return sql.size();
}

// The end of $tag$...$tag$ starting at `dollar`, or nullopt when `$` starts no such quote ($1 is a parameter).
std::optional<std::size_t> dollar_quote_end(std::string_view sql, std::size_t dollar) {
  std::size_t at = dollar + 1;
  if (at < sql.size() && starts_word(sql[at])) {
    while (at < sql.size() && continues_word(sql[at]) && sql[at] != '$') ++at;
  }
  if (at >= sql.size() || sql[at] != '$') return std::nullopt;
  const std::string_view tag = sql.substr(dollar, at - dollar + 1);
  const std::size_t close = sql.find(tag, at + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  std::size_t at = 0;
  const auto emit = [&](TokenKind kind, std::size_t end) {
    tokens.push_back({kind, sql.substr(at, end - at)});
    at = end;
  };
  while (at < sql.size()) {
    const char c = sql[at];
    std::size_t end = at + 1;
    if (is_space(c)) {
      while (end < sql.size() && is_space(sql[end])) ++end;
      emit(TokenKind::Space, end);
    } else if (c == '\'') {
      emit(TokenKind::String, string_end(sql, at, false));
    } else if (c == '"') {
      while (end < sql.size()) {
        if (sql[end] == '"' && end + 1 < sql.size() && sql[end + 1] == '"') {
          end += 2;
        } else if (sql[end] == '"') {
          ++end;
          break;
        } else {
          ++end;
        }
      }
      emit(TokenKind::QuotedWord, end);
    } else if (starts_word(c)) {
      while (end < sql.size() && continues_word(sql[end])) ++end;
      // E'...', B'...', X'...', N'...': one string token with its prefix.
      if (end == at + 1 && end < sql.size() && sql[end] == '\'' &&
          std::string_view("EeBbXxNn").find(c) != std::string_view::npos) {
        emit(TokenKind::String, string_end(sql, end, c == 'E' || c == 'e'));
      } else {
        emit(TokenKind::Word, end);
      }
    } else if (is_digit(c)) {
      while (end < sql.size() && (continues_word(sql[end]) || sql[end] == '.')) ++end;
      emit(TokenKind::Other, end);
    } else if (c == '$') {
      emit(TokenKind::String, dollar_quote_end(sql, at).value_or(end));
    } else if (c == ':' && end < sql.size() && sql[end] == ':') {
      emit(TokenKind::Other, end + 1);
    } else {
      emit(TokenKind::Other, end);
    }
  }
  return tokens;
}

bool is_word(const Token &token) { return token.kind == TokenKind::Word || token.kind == TokenKind::QuotedWord; }

// A word's identifier: as written when bare, without the quotes (and with
// doubled quotes single) when quoted.
std::string word_value(const Token &token) {
  if (token.kind != TokenKind::QuotedWord) return std::string(token.text);
  std::string value;
  const std::string_view inner = token.text.substr(1, token.text.size() >= 2 ? token.text.size() - 2 : 0);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    value += inner[i];
    if (inner[i] == '"' && i + 1 < inner.size() && inner[i + 1] == '"') ++i;
  }
  return value;
}

// The content of a plain '...' literal, nullopt for prefixed ones.
std::optional<std::string> string_value(const Token &token) {
  if (token.kind != TokenKind::String || !token.text.starts_with('\'') || token.text.size() < 2) return std::nullopt;
  std::string value;
  const std::string_view inner = token.text.substr(1, token.text.size() - 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    value += inner[i];
    if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;
  }
  return value;
}

bool is_keyword(const Token &token, std::string_view keyword) {
  return token.kind == TokenKind::Word && token.text == keyword;
}

// PostgreSQL prints keywords in capitals, names in lower case.
bool is_capitalised_keyword(const Token &token) {
  return token.kind == TokenKind::Word &&
         std::none_of(token.text.begin(), token.text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

constexpr std::size_t none = static_cast<std::size_t>(-1);

// The tokens of one text, with the replacements made so far.
class Rewrite {
public:
  explicit Rewrite(std::string_view sql) : tokens_(tokenize(sql)), replaced_(tokens_.size()) {}

  std::size_t size() const { return tokens_.size(); }
  const Token &operator[](std::size_t i) const { return tokens_[i]; }

  // The nearest token before / after `i` that is not space, or `none`.
  std::size_t before(std::size_t i) const {
    while (i != none && i > 0) {
      --i;
      if (tokens_[i].kind != TokenKind::Space) return i;
    }
    return none;
  }
  std::size_t after(std::size_t i) const {
    if (i == none) return none;
    for (++i; i < tokens_.size(); ++i) {
      if (tokens_[i].kind != TokenKind::Space) return i;
    }
    return none;
  }

  bool is(std::size_t i, std::string_view text) const {
    return i != none && tokens_[i].kind == TokenKind::Other && tokens_[i].text == text;
  }
  bool is_name(std::size_t i, std::string_view name) const {
    return i != none && is_word(tokens_[i]) && word_value(tokens_[i]) == name;
  }
  std::size_t find_keyword(std::string_view keyword, std::size_t from = 0) const {
    for (std::size_t i = from; i < tokens_.size(); ++i) {
      if (is_keyword(tokens_[i], keyword)) return i;
    }
    return none;
  }

  void replace(std::size_t i, std::string text) { replaced_[i] = std::move(text); }

  std::string text() const {
    std::string out;
    for (std::size_t i = 0; i < tokens_.size(); ++i) out += replaced_[i] ? *replaced_[i] : std::string(tokens_[i].text);
    return out;
  }

private:
  std::vector<Token> tokens_;
  std::vector<std::optional<std::string>> replaced_;
};

// Word positions that name a type: the words after `::` up to the next
// token that is neither a word nor space, or a keyword in capitals
// (`x::timestamp with time zone`, but `x::integer AND c`).
std::vector<bool> type_words(const Rewrite &sql) {
  std::vector<bool> in_type(sql.size(), false);
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (!sql.is(i, "::")) continue;
    for (std::size_t j = sql.after(i); j != none && is_word(sql[j]) && !is_capitalised_keyword(sql[j]);
         j = sql.after(j)) {
      in_type[j] = true;
    }
  }
  return in_type;
}

// Column `from` of the table named `table` in tokens [begin, end), as an expression of that table prints it.
void rename_column_tokens(Rewrite &sql, std::size_t begin, std::size_t end, const std::string &table,
                          const std::string &from, const std::string &to) {
  const std::vector<bool> in_type = type_words(sql);
  for (std::size_t i = begin; i < end && i < sql.size(); ++i) {
    if (!sql.is_name(i, from) || in_type[i]) continue;
    const std::size_t previous = sql.before(i);
    const std::size_t next = sql.after(i);
    if (sql.is(previous, ".")) {
      const std::size_t qualifier = sql.before(previous);
      if (!table.empty() && sql.is_name(qualifier, table) && !sql.is(sql.before(qualifier), "."))
        sql.replace(i, pg::quote_ident(to));
      continue;
    }
    if (sql.is(next, "(") || sql.is(next, ".") || sql.is(previous, "::")) continue;
    if (previous != none && (is_keyword(sql[previous], "AS") || is_keyword(sql[previous], "COLLATE"))) continue;
    sql.replace(i, pg::quote_ident(to));
  }
}

} // namespace

std::string rename_relation_in_sql(std::string_view text, const model::QualifiedName &from, const std::string &to,
                                   bool own_relation) {
  Rewrite sql(text);
  bool named_qualified = false;
  const std::string literal = pg::quote_qualified(from.schema, from.name);
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql.is_name(i, from.name)) {
      const std::size_t dot = sql.before(i);
      const std::size_t schema = sql.before(dot);
      if (sql.is(dot, ".") && sql.is_name(schema, from.schema) && !sql.is(sql.before(schema), ".")) {
        sql.replace(i, pg::quote_ident(to));
        named_qualified = true;
      }
    } else if (string_value(sql[i]) == literal) {
      const std::size_t cast = sql.after(i);
      if (sql.is(cast, "::") && sql.is_name(sql.after(cast), "regclass")) {
        sql.replace(i, pg::quote_literal(pg::quote_qualified(from.schema, to)));
      }
    }
  }
  if (named_qualified || own_relation) {
    for (std::size_t i = 0; i < sql.size(); ++i) {
      if (!sql.is_name(i, from.name) || sql.is(sql.before(i), ".")) continue;
      const std::size_t dot = sql.after(i);
      if (sql.is(dot, ".") && sql.after(dot) != none) sql.replace(i, pg::quote_ident(to));
    }
  }
  return sql.text();
}

std::string rename_column_in_expression(std::string_view text, const std::string &table, const std::string &from,
                                        const std::string &to) {
  Rewrite sql(text);
  rename_column_tokens(sql, 0, sql.size(), table, from, to);
  return sql.text();
}

std::string rename_column_in_index(std::string_view text, const std::string &table, const std::string &from,
                                   const std::string &to) {
  Rewrite sql(text);
  const std::size_t using_clause = sql.find_keyword("USING");
  if (using_clause == none) return std::string(text);
  // Past the access method's name.
  const std::size_t method = sql.after(using_clause);
  if (method != none) rename_column_tokens(sql, method + 1, sql.size(), table, from, to);
  return sql.text();
}

std::string rename_column_in_trigger(std::string_view text, const std::string &from, const std::string &to) {
  Rewrite sql(text);
  const std::size_t of = sql.find_keyword("OF");
  const std::size_t on = sql.find_keyword("ON");
  if (of != none && on != none && of < on) {
    for (std::size_t i = of + 1; i < on; ++i) {
      if (sql.is_name(i, from)) sql.replace(i, pg::quote_ident(to));
    }
  }
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (!sql.is_name(i, from)) continue;
    const std::size_t dot = sql.before(i);
    const std::size_t row = sql.before(dot);
    if (sql.is(dot, ".") && (sql.is_name(row, "new") || sql.is_name(row, "old"))) sql.replace(i, pg::quote_ident(to));
  }
  return sql.text();
}

std::string rename_local_column_in_foreign_key(std::string_view text, const ColumnRename &local) {
  Rewrite sql(text);
  const std::size_t references = sql.find_keyword("REFERENCES");
  rename_column_tokens(sql, 0, references == none ? sql.size() : references, "", local.from, local.to);
  return sql.text();
}

std::string rename_referenced_column_in_foreign_key(std::string_view text, const model::QualifiedName &target,
                                                    const ColumnRename &referenced) {
  Rewrite sql(text);
  const std::size_t references = sql.find_keyword("REFERENCES");
  const std::size_t schema = sql.after(references);
  const std::size_t dot = sql.after(schema);
  const std::size_t table = sql.after(dot);
  if (references == none || !sql.is_name(schema, target.schema) || !sql.is(dot, ".") ||
      !sql.is_name(table, target.name)) {
    return std::string(text);
  }
  std::size_t i = sql.after(table);
  if (!sql.is(i, "(")) return std::string(text);
  for (i = sql.after(i); i != none && !sql.is(i, ")"); i = sql.after(i)) {
    if (sql.is_name(i, referenced.from)) sql.replace(i, pg::quote_ident(referenced.to));
  }
  return sql.text();
}

std::string rename_index_in_definition(std::string_view text, const std::string &to) {
  Rewrite sql(text);
  const std::size_t index = sql.find_keyword("INDEX");
  const std::size_t name = sql.after(index);
  if (index != none && name != none && is_word(sql[name])) sql.replace(name, pg::quote_ident(to));
  return sql.text();
}

} // namespace schemadiff::diff
