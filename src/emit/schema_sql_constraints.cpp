#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/plan/ddl/tables.hpp"

#include "schemadiff/pg/quote.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

using model::ConstraintKind;

struct AddConstraint {
  model::QualifiedName table;
  std::string name;
  std::string definition;
  bool validated = true;
  int depth = 0; // of the table in its partition tree
};

// A partition's share of its parent's primary key or unique constraint, as
// a catalog that reads only the parent's constraint still shows it: an
// index attached to the constraint's index. Its constraint has the index's
// name and the parent's definition.
std::vector<AddConstraint> partition_keys(const model::Catalog &catalog) {
  std::vector<AddConstraint> keys;
  for (const auto &[name, index] : catalog.indexes) {
    if (index.constraint) continue;
    const model::Constraint *parent_key = key_constraint_of(catalog, index);
    if (parent_key == nullptr) continue;
    const auto table = catalog.tables.find(index.table);
    if (table != catalog.tables.end() && table->second.constraint(name.name) != nullptr) continue;
    keys.push_back({index.table, name.name, parent_key->definition, true, partition_depth(catalog, index.table)});
  }
  return keys;
}

std::vector<AddConstraint> constraints_of_kind(const model::Catalog &catalog,
                                               const std::vector<ConstraintKind> &kinds) {
  std::vector<AddConstraint> found;
  for (const auto &[name, table] : catalog.tables) {
    for (const model::Constraint &constraint : table.constraints) {
      if (std::find(kinds.begin(), kinds.end(), constraint.kind) == kinds.end()) continue;
      if (plan::ddl::inherited_constraint(catalog, table, constraint)) continue;
      found.push_back(
          {name, constraint.name, constraint.definition, constraint.validated, partition_depth(catalog, name)});
    }
  }
  return found;
}

// Partitions before their parents: a parent's key then takes over the
// partitions' matching keys, whose names stay as the catalog has them,
// instead of making new ones under names PostgreSQL picks.
void render(std::vector<AddConstraint> constraints, SchemaScript &script) {
  std::sort(constraints.begin(), constraints.end(), [](const AddConstraint &a, const AddConstraint &b) {
    return std::tie(b.depth, a.table, a.name) < std::tie(a.depth, b.table, b.name);
  });
  for (const AddConstraint &constraint : constraints) {
    const std::string name = pg::quote_ident(constraint.name);
    const std::string table = qualified(constraint.table);
    script.add(fmt::format("constraint {} on {}", name, table),
               {fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {}{}", table, name, constraint.definition,
                            constraint.validated ? "" : " NOT VALID")});
  }
}

} // namespace

const model::Constraint *key_constraint_of(const model::Catalog &catalog, const model::Index &index) {
  const model::Index *current = &index;
  // Bounded by the number of indexes, should a hand-built catalog loop.
  for (std::size_t step = 0; step <= catalog.indexes.size(); ++step) {
    if (current->constraint) {
      const auto table = catalog.tables.find(current->table);
      return table == catalog.tables.end() ? nullptr : table->second.constraint(*current->constraint);
    }
    if (!current->parent_index) return nullptr;
    const auto parent = catalog.indexes.find(*current->parent_index);
    if (parent == catalog.indexes.end()) return nullptr;
    current = &parent->second;
  }
  return nullptr;
}

void render_table_constraints(const model::Catalog &catalog, SchemaScript &script) {
  std::vector<AddConstraint> keys = constraints_of_kind(catalog, {ConstraintKind::PrimaryKey, ConstraintKind::Unique});
  for (AddConstraint &key : partition_keys(catalog)) keys.push_back(std::move(key));
  render(std::move(keys), script);
  render(constraints_of_kind(catalog, {ConstraintKind::Check}), script);
  render(constraints_of_kind(catalog, {ConstraintKind::Exclusion}), script);
}

void render_foreign_keys(const model::Catalog &catalog, SchemaScript &script) {
  render(constraints_of_kind(catalog, {ConstraintKind::ForeignKey}), script);
}

} // namespace schemadiff::emit
