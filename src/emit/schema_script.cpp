#include "schema_script.hpp"

namespace schemadiff::emit {

namespace {

// A quoted identifier may hold a line break; in a "--" line it would end
// the comment and turn the rest of the name into SQL.
std::string single_line(std::string_view title) {
  std::string line(title);
  for (char &c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return line;
}

} // namespace

void SchemaScript::add(std::string_view title, const std::vector<std::string> &statements) {
  if (statements.empty()) return;
  if (!text_.empty()) text_ += '\n';
  text_ += "-- " + single_line(title) + '\n';
  for (const std::string &statement : statements) text_ += statement + ";\n";
}

} // namespace schemadiff::emit
