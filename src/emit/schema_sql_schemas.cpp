#include "schema_sql_sections.hpp"

#include "schemadiff/pg/quote.hpp"

namespace schemadiff::emit {

using pg::quote_ident;

void render_schemas(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, schema] : catalog.schemas) {
    // Every new database has public; its comment and privileges, where they
    // differ from a new database's, come with the other comments and grants.
    if (name == "public") continue;
    script.add("schema " + quote_ident(name), {"CREATE SCHEMA " + quote_ident(name)});
  }
  for (const auto &[name, extension] : catalog.extensions) {
    // IF NOT EXISTS: plpgsql is in every new database.
    std::string statement = "CREATE EXTENSION IF NOT EXISTS " + quote_ident(name);
    if (!extension.schema.empty()) statement += " WITH SCHEMA " + quote_ident(extension.schema);
    if (!extension.version.empty()) statement += " VERSION " + pg::quote_literal(extension.version);
    script.add("extension " + quote_ident(name), {statement});
  }
}

} // namespace schemadiff::emit
