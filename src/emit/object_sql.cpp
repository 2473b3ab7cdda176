#include "schemadiff/emit/object_sql.hpp"

#include "schema_sql_sections.hpp"
#include "sql_comment.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/tables.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

using model::Catalog;
using model::ObjectKind;
using model::ObjectRef;

template <typename Map, typename Key> void copy_entry(const Map &from, Map &to, const Key &key) {
  if (const auto found = from.find(key); found != from.end()) to.insert(*found);
}

// A catalog that holds the object alone, for the schema_sql sections.
Catalog alone(const Catalog &catalog, const ObjectRef &object) {
  Catalog single;
  single.server_version_num = catalog.server_version_num;
  single.source_text = catalog.source_text;
  const model::QualifiedName name{object.schema, object.name};
  const model::RoutineKey routine{object.schema, object.name, object.member};
  const model::TableMemberKey member{name, object.member};
  switch (object.kind) {
  case ObjectKind::Schema:
    copy_entry(catalog.schemas, single.schemas, object.schema);
    break;
  case ObjectKind::Extension:
    copy_entry(catalog.extensions, single.extensions, object.name);
    break;
  case ObjectKind::Collation:
    copy_entry(catalog.collations, single.collations, name);
    break;
  case ObjectKind::Type:
    copy_entry(catalog.enums, single.enums, name);
    copy_entry(catalog.domains, single.domains, name);
    copy_entry(catalog.composite_types, single.composite_types, name);
    copy_entry(catalog.range_types, single.range_types, name);
    break;
  case ObjectKind::Sequence:
    copy_entry(catalog.sequences, single.sequences, name);
    break;
  case ObjectKind::Table:
    copy_entry(catalog.tables, single.tables, name);
    break;
  case ObjectKind::Index:
    copy_entry(catalog.indexes, single.indexes, name);
    break;
  case ObjectKind::View:
    copy_entry(catalog.views, single.views, name);
    break;
  case ObjectKind::MaterializedView:
    copy_entry(catalog.materialized_views, single.materialized_views, name);
    break;
  case ObjectKind::Routine:
    copy_entry(catalog.routines, single.routines, routine);
    break;
  case ObjectKind::Aggregate:
    copy_entry(catalog.aggregates, single.aggregates, routine);
    break;
  case ObjectKind::Trigger:
    copy_entry(catalog.triggers, single.triggers, member);
    break;
  case ObjectKind::Policy:
    copy_entry(catalog.policies, single.policies, member);
    break;
  case ObjectKind::DefaultPrivilege:
    copy_entry(catalog.default_privileges, single.default_privileges,
               model::DefaultPrivilegeKey{object.name, object.schema, object.member.empty() ? 'r' : object.member[0]});
    break;
  case ObjectKind::Column:
  case ObjectKind::Constraint:
    break;
  }
  return single;
}

// The sections of render_schema_sql, in its order, without its settings.
std::string sections_sql(const Catalog &catalog) {
  SchemaScript script;
  render_schema_sections(catalog, script);
  return script.text();
}

std::string column_sql(const model::Table &table, const model::Column &column) {
  const std::string name = qualified(table.name) + "." + pg::quote_ident(column.name);
  SchemaScript script;
  script.add("column " + name, {fmt::format("ALTER TABLE {} ADD COLUMN {}", qualified(table.name),
                                            plan::ddl::column_definition(column))});
  script.add("comment on column " + name,
             plan::ddl::comment_statements("COLUMN " + name, std::nullopt, column.comment));
  script.add("privileges on column " + name,
             grant_statements("TABLE " + qualified(table.name), column.privileges, {}, column.name));
  return script.text();
}

std::string constraint_sql(const Catalog &catalog, const model::Table &table, const model::Constraint &constraint) {
  const std::string name = fmt::format("{} on {}", pg::quote_ident(constraint.name), qualified(table.name));
  SchemaScript script;
  script.add("constraint " + name, {plan::ddl::add_constraint(catalog, table, constraint)});
  script.add("comment on constraint " + name,
             plan::ddl::comment_statements("CONSTRAINT " + name, std::nullopt, constraint.comment));
  return script.text();
}

std::string sql_of(const Catalog &catalog, const ObjectRef &object) {
  if (object.kind == ObjectKind::Column || object.kind == ObjectKind::Constraint) {
    const auto table = catalog.tables.find({object.schema, object.name});
    if (table == catalog.tables.end()) return {};
    if (object.kind == ObjectKind::Column) {
      const model::Column *column = table->second.column(object.member);
      return column == nullptr ? std::string() : column_sql(table->second, *column);
    }
    const model::Constraint *constraint = table->second.constraint(object.member);
    return constraint == nullptr ? std::string() : constraint_sql(catalog, table->second, *constraint);
  }
  std::string text = sections_sql(alone(catalog, object));
  // A constraint's index is written by its constraint; alone, by itself.
  if (text.empty() && object.kind == ObjectKind::Index) {
    const model::Index &index = catalog.indexes.at({object.schema, object.name});
    text = sql_comment_line("index " + qualified(index.name)) + without_terminator(index.definition) + ";\n";
  }
  return text;
}

} // namespace

std::string object_sql(const Catalog &catalog, const ObjectRef &object) {
  if (!catalog.holds(object)) return {};
  std::string text = sql_of(catalog, object);
  // The first block is the object's own: its "-- kind name" line says what
  // the caller shows beside it already.
  if (text.starts_with("-- ")) text.erase(0, text.find('\n') + 1);
  return text;
}

} // namespace schemadiff::emit
