#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/routines.hpp"
#include "schemadiff/plan/ddl/views.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

using model::Privilege;
using model::Privileges;

// What a new object of each kind grants to others than its owner
// (PostgreSQL's acldefault): the model states these like any other grant,
// so one that is missing must be revoked.
const Privileges no_privileges;
const Privileges public_usage = {{"PUBLIC", "USAGE", false}};

// The public schema of a new database: USAGE for everyone, and before
// PostgreSQL 15 CREATE as well.
Privileges public_schema_privileges(int server_version_num) {
  if (server_version_num != 0 && server_version_num < 150000) {
    return {{"PUBLIC", "CREATE", false}, {"PUBLIC", "USAGE", false}};
  }
  return public_usage;
}

void grant_types(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, type] : catalog.enums) {
    script.add("privileges on enum type " + qualified(name),
               grant_statements("TYPE " + qualified(name), type.privileges, public_usage));
  }
  for (const auto &[name, type] : catalog.range_types) {
    script.add("privileges on range type " + qualified(name),
               grant_statements("TYPE " + qualified(name), type.privileges, public_usage));
  }
  for (const auto &[name, domain] : catalog.domains) {
    script.add("privileges on domain " + qualified(name),
               grant_statements("DOMAIN " + qualified(name), domain.privileges, public_usage));
  }
  for (const auto &[name, type] : catalog.composite_types) {
    script.add("privileges on composite type " + qualified(name),
               grant_statements("TYPE " + qualified(name), type.privileges, public_usage));
  }
}

void grant_routines(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[key, routine] : catalog.routines) {
    script.add("privileges on " + routine_title(routine),
               grant_statements(plan::ddl::routine_target(routine), routine.privileges,
                                plan::ddl::routine_default_privileges()));
  }
  for (const auto &[key, aggregate] : catalog.aggregates) {
    script.add("privileges on aggregate " + aggregate_signature(key),
               grant_statements(plan::ddl::aggregate_grant_target(key), aggregate.privileges,
                                plan::ddl::routine_default_privileges()));
  }
}

void grant_relations(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, sequence] : catalog.sequences) {
    script.add("privileges on sequence " + qualified(name),
               grant_statements("SEQUENCE " + qualified(name), sequence.privileges, no_privileges));
  }
  for (const auto &[name, table] : catalog.tables) {
    const std::string target = "TABLE " + qualified(name);
    std::vector<std::string> statements = grant_statements(target, table.privileges, no_privileges);
    for (const model::Column &column : table.columns) {
      for (std::string &grant : grant_statements(target, column.privileges, no_privileges, column.name)) {
        statements.push_back(std::move(grant));
      }
    }
    script.add("privileges on table " + qualified(name), statements);
  }
  for (const auto &[name, view] : catalog.views) {
    script.add("privileges on view " + qualified(name),
               grant_statements(plan::ddl::relation_grant_target(name), view.privileges, no_privileges));
  }
  for (const auto &[name, view] : catalog.materialized_views) {
    script.add("privileges on materialized view " + qualified(name),
               grant_statements(plan::ddl::relation_grant_target(name), view.privileges, no_privileges));
  }
}

} // namespace

void render_privileges(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, schema] : catalog.schemas) {
    const Privileges &baseline =
        name == "public" ? public_schema_privileges(catalog.server_version_num) : no_privileges;
    script.add("privileges on schema " + pg::quote_ident(name),
               grant_statements("SCHEMA " + pg::quote_ident(name), schema.privileges, baseline));
  }
  grant_types(catalog, script);
  grant_routines(catalog, script);
  grant_relations(catalog, script);
}

} // namespace schemadiff::emit
