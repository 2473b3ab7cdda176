#pragma once
// The ObjectRef of each model object: how the differ and the planner name
// objects in the dependency graph, the same way introspection names them.

#include "schemadiff/model/catalog.hpp"
#include "schemadiff/model/object_ref.hpp"

namespace schemadiff::diff {

model::ObjectRef schema_ref(const std::string &schema);
model::ObjectRef extension_ref(const std::string &name);
model::ObjectRef relation_ref(model::ObjectKind kind, const model::QualifiedName &name);
model::ObjectRef member_ref(model::ObjectKind kind, const model::QualifiedName &container, const std::string &member);
model::ObjectRef routine_ref(model::ObjectKind kind, const model::RoutineKey &key);
model::ObjectRef default_privilege_ref(const model::DefaultPrivilegeKey &key);

} // namespace schemadiff::diff
