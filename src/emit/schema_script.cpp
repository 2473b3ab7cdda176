#include "schema_script.hpp"

#include "sql_comment.hpp"

namespace schemadiff::emit {

void SchemaScript::add(std::string_view title, const std::vector<std::string> &statements) {
  if (statements.empty()) return;
  if (!text_.empty()) text_ += '\n';
  // A quoted identifier may hold a line break; in a "--" line it would end
  // the comment and turn the rest of the name into SQL.
  text_ += sql_comment_line(title);
  for (const std::string &statement : statements) text_ += statement + ";\n";
}

} // namespace schemadiff::emit
