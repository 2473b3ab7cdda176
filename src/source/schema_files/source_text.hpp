#pragma once
// Schema files as read from disk, and positions inside them.

#include "schemadiff/source/psql_script.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace schemadiff::source {

struct SchemaFile {
  std::string name; // the path as messages show it
  std::string text;
};

// Every *.sql below `directory`, at any depth, in byte order of their
// relative paths, so every machine reads them in the same order.
std::vector<SchemaFile> read_schema_directory(const std::filesystem::path &directory);

struct SourceLocation {
  std::string file;
  int line = 0;   // 1-based
  int column = 0; // 1-based, in characters

  // "file:line:column"
  std::string describe() const;
};

// Turns byte offsets of one file into line and column.
class LineIndex {
public:
  explicit LineIndex(const SchemaFile &file);
  SourceLocation at_byte(std::size_t offset) const;
  // libpg_query reports syntax errors at a 1-based character position.
  SourceLocation at_character(int position) const;

private:
  const SchemaFile *file_;
  std::vector<std::size_t> line_starts_;
};

// The offset of the first byte at or after `offset` that is neither white
// space nor part of a comment: where a statement really starts.
std::size_t skip_space_and_comments(const std::string &text, std::size_t offset);

// Skips a quoted string, quoted identifier, dollar-quoted body or comment
// starting at `offset`; returns the offset after it, or `offset` itself when
// none starts there.
std::size_t skip_quoted(const std::string &text, std::size_t offset);

// The first ',' or ')' at the nesting depth of `from`: where a table
// element (column, constraint) that starts at `from` ends.
std::size_t element_end(const std::string &text, std::size_t from);

} // namespace schemadiff::source
