#include "schemadiff/emit/schema_sql.hpp"

#include "schema_sql_sections.hpp"

namespace schemadiff::emit {

void render_schema_sections(const model::Catalog &catalog, SchemaScript &script) {
  render_schemas(catalog, script);
  render_types(catalog, script);
  // Routine signatures use the types; routine bodies are not checked, so
  // they may use anything.
  render_routines(catalog, script);
  render_late_domain_parts(catalog, script);
  // Column defaults call nextval() on sequences and may call routines.
  render_sequences(catalog, script);
  render_tables(catalog, script);
  render_sequence_ownership(catalog, script);
  render_table_constraints(catalog, script);
  // A foreign key may reference a unique index rather than a constraint;
  // keys are added once every table exists, so cycles of keys load.
  render_indexes(catalog, script, IndexedRelation::Tables);
  render_foreign_keys(catalog, script);
  // A view grouping by a primary key may select the table's other columns.
  render_views(catalog, script);
  render_indexes(catalog, script, IndexedRelation::MaterializedViews);
  render_triggers(catalog, script);
  render_row_security(catalog, script);
  render_comments(catalog, script);
  render_privileges(catalog, script);
  render_default_privileges(catalog, script);
}

std::string render_schema_sql(const model::Catalog &catalog) {
  SchemaScript script;
  // Function bodies may name tables that come later; and every name below
  // is schema-qualified, so an empty search path keeps a user's own
  // search_path from changing what they resolve to (pg_catalog is searched
  // anyway).
  script.add("settings for loading this file",
             {"SET check_function_bodies = false", "SELECT pg_catalog.set_config('search_path', '', false)"});

  render_schema_sections(catalog, script);
  return script.text();
}

} // namespace schemadiff::emit
