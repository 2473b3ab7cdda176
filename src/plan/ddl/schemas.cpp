#include "schemadiff/plan/ddl/schemas.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::ddl {

using pg::quote_ident;

std::string create_schema(const std::string &name) { return "CREATE SCHEMA " + quote_ident(name); }

std::string create_extension(const model::Extension &extension) {
  std::string statement = "CREATE EXTENSION IF NOT EXISTS " + quote_ident(extension.name);
  if (!extension.schema.empty()) statement += " WITH SCHEMA " + quote_ident(extension.schema);
  if (!extension.version.empty()) statement += " VERSION " + pg::quote_literal(extension.version);
  return statement;
}

std::vector<std::string> alter_extension(const model::Extension &from, const model::Extension &to) {
  std::vector<std::string> statements;
  const std::string name = quote_ident(to.name);
  if (from.version != to.version && !to.version.empty()) {
    statements.push_back(fmt::format("ALTER EXTENSION {} UPDATE TO {}", name, pg::quote_literal(to.version)));
  }
  if (from.schema != to.schema && !to.schema.empty()) {
    statements.push_back(fmt::format("ALTER EXTENSION {} SET SCHEMA {}", name, quote_ident(to.schema)));
  }
  return statements;
}

} // namespace schemadiff::plan::ddl
