#pragma once
// One statement of a schema file, as libpg_query parses it.

#include "source_text.hpp"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace schemadiff::source {

struct SourceStatement {
  SourceLocation location; // of its first token
  std::size_t offset = 0;  // byte offset of its first token in the file
  std::string text;        // from its first token to its end, without the ';'
  std::string kind;        // the parse node's type, e.g. "CreateStmt"
  nlohmann::json node;     // the parse node's fields; "location"s are byte offsets in the file
};

// Splits and parses one file. A syntax error is an Error at file:line:column
// with the parser's message.
std::vector<SourceStatement> parse_schema_file(const SchemaFile &file);

} // namespace schemadiff::source
