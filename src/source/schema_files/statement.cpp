#include "statement.hpp"

#include "schemadiff/error.hpp"

#include <memory>

extern "C" {
#include <pg_query.h>
}

namespace schemadiff::source {

namespace {

struct ParseResultDeleter {
  void operator()(PgQueryParseResult *result) const {
    pg_query_free_parse_result(*result);
    delete result;
  }
};

std::string trim_trailing_space(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

} // namespace

std::vector<SourceStatement> parse_schema_file(const SchemaFile &file) {
  const std::string text = without_psql_meta_commands(file.text);
  const std::unique_ptr<PgQueryParseResult, ParseResultDeleter> result(
      new PgQueryParseResult(pg_query_parse(text.c_str())));
  const LineIndex lines(file);
  if (result->error != nullptr) {
    throw Error(std::string("syntax error: ") + result->error->message,
                lines.at_character(result->error->cursorpos).describe());
  }
  const nlohmann::json tree = nlohmann::json::parse(result->parse_tree);
  std::vector<SourceStatement> statements;
  if (!tree.contains("stmts")) return statements;
  for (const nlohmann::json &raw : tree["stmts"]) {
    // Locations are byte offsets; the statement's text begins after the
    // previous ';', comments and blank lines included, and a length of 0
    // means "to the end of the input".
    const std::size_t start = raw.value("stmt_location", std::size_t{0});
    const std::size_t length = raw.value("stmt_len", std::size_t{0});
    const std::size_t end = length == 0 ? text.size() : start + length;
    const std::size_t first_token = skip_space_and_comments(text, start);
    SourceStatement statement;
    statement.offset = first_token;
    statement.location = lines.at_byte(first_token);
    statement.text = trim_trailing_space(text.substr(first_token, end - std::min(end, first_token)));
    if (!statement.text.empty() && statement.text.back() == ';') statement.text.pop_back();
    const auto &stmt = raw["stmt"];
    statement.kind = stmt.begin().key();
    statement.node = stmt.begin().value();
    statements.push_back(std::move(statement));
  }
  return statements;
}

} // namespace schemadiff::source
