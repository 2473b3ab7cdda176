#include "schemadiff/model/catalog.hpp"

#include <algorithm>
#include <tuple>

namespace schemadiff::model {

namespace {

template <typename Item> const Item *find_named(const std::vector<Item> &items, std::string_view name) {
  const auto found = std::find_if(items.begin(), items.end(), [&](const Item &item) { return item.name == name; });
  return found == items.end() ? nullptr : &*found;
}

} // namespace

bool Table::operator==(const Table &other) const {
  const auto own = [](const Table &t) {
    return std::tie(t.name, t.unlogged, t.partition_key, t.partition_of, t.constraints, t.options, t.row_security,
                    t.force_row_security, t.comment, t.privileges);
  };
  const auto by_name = [](std::vector<Column> columns) {
    std::sort(columns.begin(), columns.end(), [](const Column &a, const Column &b) { return a.name < b.name; });
    return columns;
  };
  return own(*this) == own(other) && by_name(columns) == by_name(other.columns);
}

const Column *Table::column(std::string_view wanted) const { return find_named(columns, wanted); }
const Constraint *Table::constraint(std::string_view wanted) const { return find_named(constraints, wanted); }

bool Catalog::same_schema(const Catalog &other) const {
  const auto objects = [](const Catalog &c) {
    return std::tie(c.schemas, c.extensions, c.collations, c.enums, c.domains, c.composite_types, c.range_types,
                    c.sequences, c.tables, c.indexes, c.views, c.materialized_views, c.routines, c.aggregates,
                    c.triggers, c.policies, c.default_privileges);
  };
  return objects(*this) == objects(other);
}

bool Catalog::holds(const ObjectRef &object) const {
  const Catalog &catalog = *this;
  const QualifiedName name{object.schema, object.name};
  const TableMemberKey member{name, object.member};
  const RoutineKey routine{object.schema, object.name, object.member};
  switch (object.kind) {
  case ObjectKind::Schema:
    return catalog.schemas.contains(object.schema);
  case ObjectKind::Extension:
    return catalog.extensions.contains(object.name);
  case ObjectKind::Collation:
    return catalog.collations.contains(name);
  case ObjectKind::Type:
    return catalog.enums.contains(name) || catalog.domains.contains(name) || catalog.composite_types.contains(name) ||
           catalog.range_types.contains(name);
  case ObjectKind::Sequence:
    return catalog.sequences.contains(name);
  case ObjectKind::Table:
    return catalog.tables.contains(name);
  case ObjectKind::Column: {
    const auto table = catalog.tables.find(name);
    return table != catalog.tables.end() && table->second.column(object.member) != nullptr;
  }
  case ObjectKind::Constraint: {
    const auto table = catalog.tables.find(name);
    if (table != catalog.tables.end()) return table->second.constraint(object.member) != nullptr;
    const auto domain = catalog.domains.find(name);
    return domain != catalog.domains.end() &&
           std::any_of(domain->second.checks.begin(), domain->second.checks.end(),
                       [&](const DomainCheck &check) { return check.name == object.member; });
  }
  case ObjectKind::Index:
    return catalog.indexes.contains(name);
  case ObjectKind::View:
    return catalog.views.contains(name);
  case ObjectKind::MaterializedView:
    return catalog.materialized_views.contains(name);
  case ObjectKind::Routine:
    return catalog.routines.contains(routine);
  case ObjectKind::Aggregate:
    return catalog.aggregates.contains(routine);
  case ObjectKind::Trigger:
    return catalog.triggers.contains(member);
  case ObjectKind::Policy:
    return catalog.policies.contains(member);
  case ObjectKind::DefaultPrivilege:
    return catalog.default_privileges.contains(
        DefaultPrivilegeKey{object.name, object.schema, object.member.empty() ? 'r' : object.member[0]});
  }
  return false;
}

} // namespace schemadiff::model
