#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"

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
const Privileges public_execute = {{"PUBLIC", "EXECUTE", false}};

// The public schema of a new database: USAGE for everyone, and before
// PostgreSQL 15 CREATE as well.
Privileges public_schema_privileges(int server_version_num) {
  if (server_version_num != 0 && server_version_num < 150000) {
    return {{"PUBLIC", "CREATE", false}, {"PUBLIC", "USAGE", false}};
  }
  return public_usage;
}

// GRANT names an aggregate by its argument types alone: an ordered-set
// aggregate's "A ORDER BY B" is "A, B", except that a hypothetical-set
// aggregate's "VARIADIC "any" ORDER BY VARIADIC "any"" is one argument.
std::string aggregate_grant_signature(const model::RoutineKey &key) {
  std::string arguments = key.identity_arguments;
  const std::string order_by = "ORDER BY ";
  const auto at = arguments.find(order_by);
  if (at != std::string::npos) {
    const std::string direct = at == 0 ? "" : arguments.substr(0, at - 1); // without the space
    const std::string aggregated = arguments.substr(at + order_by.size());
    const bool merged_variadic = aggregated.starts_with("VARIADIC ") && direct.ends_with(aggregated);
    arguments = merged_variadic || aggregated.empty() ? direct
                : direct.empty()                      ? aggregated
                                                      : direct + ", " + aggregated;
  }
  return pg::quote_qualified(key.schema, key.name) + "(" + arguments + ")";
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
    const bool procedure = routine.kind == model::RoutineKind::Procedure;
    script.add((procedure ? "privileges on procedure " : "privileges on function ") + routine_signature(key),
               grant_statements((procedure ? "PROCEDURE " : "FUNCTION ") + routine_signature(key), routine.privileges,
                                public_execute));
  }
  for (const auto &[key, aggregate] : catalog.aggregates) {
    script.add("privileges on aggregate " + aggregate_signature(key),
               grant_statements("FUNCTION " + aggregate_grant_signature(key), aggregate.privileges, public_execute));
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
               grant_statements("TABLE " + qualified(name), view.privileges, no_privileges));
  }
  for (const auto &[name, view] : catalog.materialized_views) {
    script.add("privileges on materialized view " + qualified(name),
               grant_statements("TABLE " + qualified(name), view.privileges, no_privileges));
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
