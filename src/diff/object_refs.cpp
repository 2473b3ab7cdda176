#include "schemadiff/diff/object_refs.hpp"

#include <algorithm>

namespace schemadiff::diff {

using model::ObjectKind;
using model::ObjectRef;

ObjectRef schema_ref(const std::string &schema) { return ObjectRef{ObjectKind::Schema, schema, "", ""}; }

ObjectRef extension_ref(const std::string &name) { return ObjectRef{ObjectKind::Extension, "", name, ""}; }

ObjectRef relation_ref(ObjectKind kind, const model::QualifiedName &name) {
  return ObjectRef{kind, name.schema, name.name, ""};
}

ObjectRef member_ref(ObjectKind kind, const model::QualifiedName &container, const std::string &member) {
  return ObjectRef{kind, container.schema, container.name, member};
}

ObjectRef routine_ref(ObjectKind kind, const model::RoutineKey &key) {
  return ObjectRef{kind, key.schema, key.name, key.identity_arguments};
}

// Default privileges have no schema object of their own; the key's parts
// are spelled into the reference so that each entry is one node.
ObjectRef default_privilege_ref(const model::DefaultPrivilegeKey &key) {
  return ObjectRef{ObjectKind::DefaultPrivilege, key.schema, key.role, std::string(1, key.object_type)};
}

bool has_object(const model::Catalog &catalog, const ObjectRef &object) {
  const model::QualifiedName name{object.schema, object.name};
  const model::TableMemberKey member{name, object.member};
  const model::RoutineKey routine{object.schema, object.name, object.member};
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
                       [&](const model::DomainCheck &check) { return check.name == object.member; });
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
        model::DefaultPrivilegeKey{object.name, object.schema, object.member.empty() ? 'r' : object.member[0]});
  }
  return false;
}

} // namespace schemadiff::diff
