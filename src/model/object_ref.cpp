#include "schemadiff/model/object_ref.hpp"

namespace schemadiff::model {

std::string kind_name(ObjectKind kind) {
  switch (kind) {
  case ObjectKind::Schema:
    return "schema";
  case ObjectKind::Extension:
    return "extension";
  case ObjectKind::Collation:
    return "collation";
  case ObjectKind::Type:
    return "type";
  case ObjectKind::Sequence:
    return "sequence";
  case ObjectKind::Table:
    return "table";
  case ObjectKind::Column:
    return "column";
  case ObjectKind::Constraint:
    return "constraint";
  case ObjectKind::Index:
    return "index";
  case ObjectKind::View:
    return "view";
  case ObjectKind::MaterializedView:
    return "materialized view";
  case ObjectKind::Routine:
    return "function";
  case ObjectKind::Aggregate:
    return "aggregate";
  case ObjectKind::Trigger:
    return "trigger";
  case ObjectKind::Policy:
    return "policy";
  case ObjectKind::DefaultPrivilege:
    return "default privileges";
  }
  return "object";
}

} // namespace schemadiff::model
