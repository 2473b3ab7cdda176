#include "schemadiff/diff/drift.hpp"

#include "classify.hpp"

#include "schemadiff/diff/object_refs.hpp"

#include <map>
#include <optional>
#include <set>

namespace schemadiff::diff {

namespace {

using model::Catalog;
using model::ObjectKind;
using model::ObjectRef;

// Every object of the catalog as the differ names it: each kind's entries,
// and the columns and constraints of each table.
std::set<ObjectRef> objects_of(const Catalog &catalog) {
  std::set<ObjectRef> objects;
  const auto add_all = [&objects](const auto &map, auto ref_of) {
    for (const auto &[key, object] : map) objects.insert(ref_of(key));
  };
  const auto of_kind = [](ObjectKind kind) {
    return [kind](const model::QualifiedName &name) { return relation_ref(kind, name); };
  };
  const auto member_of = [](ObjectKind kind) {
    return [kind](const model::TableMemberKey &key) { return member_ref(kind, key.table, key.name); };
  };
  add_all(catalog.schemas, schema_ref);
  add_all(catalog.extensions, extension_ref);
  add_all(catalog.collations, of_kind(ObjectKind::Collation));
  add_all(catalog.enums, of_kind(ObjectKind::Type));
  add_all(catalog.domains, of_kind(ObjectKind::Type));
  add_all(catalog.composite_types, of_kind(ObjectKind::Type));
  add_all(catalog.range_types, of_kind(ObjectKind::Type));
  add_all(catalog.sequences, of_kind(ObjectKind::Sequence));
  add_all(catalog.tables, of_kind(ObjectKind::Table));
  for (const auto &[name, table] : catalog.tables) {
    for (const model::Column &column : table.columns) objects.insert(member_ref(ObjectKind::Column, name, column.name));
    for (const model::Constraint &constraint : table.constraints) {
      objects.insert(member_ref(ObjectKind::Constraint, name, constraint.name));
    }
  }
  add_all(catalog.indexes, of_kind(ObjectKind::Index));
  add_all(catalog.views, of_kind(ObjectKind::View));
  add_all(catalog.materialized_views, of_kind(ObjectKind::MaterializedView));
  add_all(catalog.routines, [](const model::RoutineKey &key) { return routine_ref(ObjectKind::Routine, key); });
  add_all(catalog.aggregates, [](const model::RoutineKey &key) { return routine_ref(ObjectKind::Aggregate, key); });
  add_all(catalog.triggers, member_of(ObjectKind::Trigger));
  add_all(catalog.policies, member_of(ObjectKind::Policy));
  add_all(catalog.default_privileges, default_privilege_ref);
  return objects;
}

// The same entry under `key` in both maps, or in neither.
template <typename Map, typename Key> bool same_entry(const Map &a, const Map &b, const Key &key) {
  const auto in_a = a.find(key);
  const auto in_b = b.find(key);
  if (in_a == a.end() || in_b == b.end()) return (in_a == a.end()) == (in_b == b.end());
  return in_a->second == in_b->second;
}

template <typename Member> bool same_member(const Member *a, const Member *b) {
  if (a == nullptr || b == nullptr) return a == b;
  return *a == *b;
}

// Whether an object both catalogs hold is the same in both. A table is
// compared by its own attributes: its columns and constraints are objects
// of their own.
bool same_object(const Catalog &a, const Catalog &b, const ObjectRef &object) {
  const model::QualifiedName name{object.schema, object.name};
  const model::RoutineKey routine{object.schema, object.name, object.member};
  const model::TableMemberKey member{name, object.member};
  switch (object.kind) {
  case ObjectKind::Schema:
    return same_entry(a.schemas, b.schemas, object.schema);
  case ObjectKind::Extension:
    return same_entry(a.extensions, b.extensions, object.name);
  case ObjectKind::Collation:
    return same_entry(a.collations, b.collations, name);
  case ObjectKind::Type:
    // An enum in one and a domain in the other differ too.
    return same_entry(a.enums, b.enums, name) && same_entry(a.domains, b.domains, name) &&
           same_entry(a.composite_types, b.composite_types, name) && same_entry(a.range_types, b.range_types, name);
  case ObjectKind::Sequence:
    return same_entry(a.sequences, b.sequences, name);
  case ObjectKind::Table:
    return classify_table(a.tables.at(name), b.tables.at(name)) == Difference::Same;
  case ObjectKind::Column:
    return same_member(a.tables.at(name).column(object.member), b.tables.at(name).column(object.member));
  case ObjectKind::Constraint:
    return same_member(a.tables.at(name).constraint(object.member), b.tables.at(name).constraint(object.member));
  case ObjectKind::Index:
    return same_entry(a.indexes, b.indexes, name);
  case ObjectKind::View:
    return same_entry(a.views, b.views, name);
  case ObjectKind::MaterializedView:
    return same_entry(a.materialized_views, b.materialized_views, name);
  case ObjectKind::Routine:
    return same_entry(a.routines, b.routines, routine);
  case ObjectKind::Aggregate:
    return same_entry(a.aggregates, b.aggregates, routine);
  case ObjectKind::Trigger:
    return same_entry(a.triggers, b.triggers, member);
  case ObjectKind::Policy:
    return same_entry(a.policies, b.policies, member);
  case ObjectKind::DefaultPrivilege:
    return same_entry(
        a.default_privileges, b.default_privileges,
        model::DefaultPrivilegeKey{object.name, object.schema, object.member.empty() ? 'r' : object.member[0]});
  }
  return false;
}

const model::Index *find_index(const Catalog &database, const Catalog &expected, const ObjectRef &object) {
  const model::QualifiedName name{object.schema, object.name};
  for (const Catalog *catalog : {&database, &expected}) {
    if (const auto found = catalog->indexes.find(name); found != catalog->indexes.end()) return &found->second;
  }
  return nullptr;
}

// What an object belongs to: a table's members and indexes to the table
// (or view, for an INSTEAD OF trigger), everything in a schema to the
// schema. Nothing for schemas, extensions and default privileges.
std::optional<ObjectRef> owner_of(const Catalog &database, const Catalog &expected, const ObjectRef &object) {
  const auto relation = [&](const model::QualifiedName &name) {
    for (const ObjectKind kind : {ObjectKind::Table, ObjectKind::View, ObjectKind::MaterializedView}) {
      const ObjectRef candidate = relation_ref(kind, name);
      if (database.holds(candidate) || expected.holds(candidate)) return candidate;
    }
    return relation_ref(ObjectKind::Table, name);
  };
  switch (object.kind) {
  case ObjectKind::Schema:
  case ObjectKind::Extension:
  case ObjectKind::DefaultPrivilege:
    return std::nullopt;
  case ObjectKind::Column:
  case ObjectKind::Constraint:
  case ObjectKind::Trigger:
  case ObjectKind::Policy:
    return relation({object.schema, object.name});
  case ObjectKind::Index:
    if (const model::Index *index = find_index(database, expected, object)) return relation(index->table);
    return schema_ref(object.schema);
  default:
    return schema_ref(object.schema);
  }
}

// How ignore patterns see an object: an extension by the schema it is
// installed in.
ObjectRef as_named(const Catalog &database, const Catalog &expected, ObjectRef object) {
  if (object.kind != ObjectKind::Extension) return object;
  for (const Catalog *catalog : {&database, &expected}) {
    if (const auto found = catalog->extensions.find(object.name); found != catalog->extensions.end()) {
      object.schema = found->second.schema;
      break;
    }
  }
  return object;
}

bool is_ignored(const Catalog &database, const Catalog &expected, const std::vector<IgnorePattern> &ignore,
                const ObjectRef &object) {
  std::optional<ObjectRef> current = object;
  // An index's owner is a table, a table's owner its schema: a short chain.
  while (current) {
    const ObjectRef named = as_named(database, expected, *current);
    for (const IgnorePattern &pattern : ignore) {
      if (ignores(pattern, named)) return true;
    }
    current = owner_of(database, expected, *current);
  }
  return false;
}

bool is_whole_object(DriftKind kind) {
  return kind == DriftKind::MissingFromDatabase || kind == DriftKind::UnexpectedInDatabase;
}

// Whether the object is told by another drift already: its owner (or its
// owner's owner) is missing or unexpected as a whole, or it is the index of
// a constraint that drifted.
bool told_by_another(const Catalog &database, const Catalog &expected, const std::map<ObjectRef, DriftKind> &drifted,
                     const ObjectRef &object) {
  if (object.kind == ObjectKind::Index) {
    const model::Index *index = find_index(database, expected, object);
    if (index != nullptr && index->constraint &&
        drifted.contains(member_ref(ObjectKind::Constraint, index->table, *index->constraint))) {
      return true;
    }
  }
  for (auto owner = owner_of(database, expected, object); owner; owner = owner_of(database, expected, *owner)) {
    const auto found = drifted.find(*owner);
    if (found != drifted.end() && is_whole_object(found->second)) return true;
  }
  return false;
}

} // namespace

DriftResult find_drift(const Catalog &database, const Catalog &expected, const std::vector<IgnorePattern> &ignore) {
  std::set<ObjectRef> objects = objects_of(database);
  objects.merge(objects_of(expected));

  DriftResult result;
  std::vector<ObjectRef> compared;
  std::map<ObjectRef, DriftKind> drifted;
  for (const ObjectRef &object : objects) {
    if (is_ignored(database, expected, ignore, object)) {
      result.ignored.push_back(object);
      continue;
    }
    compared.push_back(object);
    const bool in_database = database.holds(object);
    const bool in_expected = expected.holds(object);
    if (!in_database) {
      drifted[object] = DriftKind::MissingFromDatabase;
    } else if (!in_expected) {
      drifted[object] = DriftKind::UnexpectedInDatabase;
    } else if (!same_object(database, expected, object)) {
      drifted[object] = DriftKind::Differs;
    }
  }
  for (const ObjectRef &object : compared) {
    if (told_by_another(database, expected, drifted, object)) continue;
    result.checked.push_back(object);
    if (const auto found = drifted.find(object); found != drifted.end()) {
      result.differences.push_back(Drift{object, found->second});
    }
  }
  return result;
}

} // namespace schemadiff::diff
