#include "schemadiff/diff/object_refs.hpp"

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

} // namespace schemadiff::diff
