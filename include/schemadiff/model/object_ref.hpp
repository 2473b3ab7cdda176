#pragma once
// A reference to any object of the model, of any kind: the vocabulary of
// dependencies (what must exist before what) shared by the model, the
// differ and the planner.

#include <compare>
#include <string>

namespace schemadiff::model {

enum class ObjectKind {
  Schema,
  Extension,
  Collation,
  Type, // enum, domain, composite or range
  Sequence,
  Table,
  Column,
  Constraint, // of a table or a domain
  Index,
  View,
  MaterializedView,
  Routine, // function or procedure
  Aggregate,
  Trigger,
  Policy,
  DefaultPrivilege,
};

struct ObjectRef {
  ObjectKind kind = ObjectKind::Table;
  std::string schema; // the schema's own name for ObjectKind::Schema; empty for extensions
  std::string name;   // the object, or the table/domain a member belongs to
  // Columns, constraints, triggers, policies: the member's name.
  // Routines and aggregates: pg_get_function_identity_arguments, e.g. "a integer, b text".
  std::string member;

  auto operator<=>(const ObjectRef &) const = default;
  bool operator==(const ObjectRef &) const = default;
};

// How people name a kind: "table", "materialized view", "function"
// (a routine; procedures are told apart only where the routine is at hand).
std::string kind_name(ObjectKind kind);

} // namespace schemadiff::model
