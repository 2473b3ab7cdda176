#include "schema_sql_sections.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/schemas.hpp"

namespace schemadiff::emit {

using pg::quote_ident;

void render_schemas(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, schema] : catalog.schemas) {
    // Every new database has public; its comment and privileges, where they
    // differ from a new database's, come with the other comments and grants.
    if (name == "public") continue;
    script.add("schema " + quote_ident(name), {plan::ddl::create_schema(name)});
  }
  for (const auto &[name, extension] : catalog.extensions) {
    script.add("extension " + quote_ident(name), {plan::ddl::create_extension(extension)});
  }
}

} // namespace schemadiff::emit
