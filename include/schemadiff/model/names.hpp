#pragma once
// How catalog objects are identified: by schema-qualified name, functions by
// name and identity arguments, triggers and policies by table and name.

#include <compare>
#include <string>

namespace schemadiff::model {

struct QualifiedName {
  std::string schema;
  std::string name;

  auto operator<=>(const QualifiedName &) const = default;
  bool operator==(const QualifiedName &) const = default;
};

// A function, procedure or aggregate: overloads share a name.
struct RoutineKey {
  std::string schema;
  std::string name;
  // As pg_get_function_identity_arguments prints them, e.g. "a integer, b text".
  std::string identity_arguments;

  auto operator<=>(const RoutineKey &) const = default;
  bool operator==(const RoutineKey &) const = default;
};

// Something that lives on a table and is named per table: a trigger, a policy.
struct TableMemberKey {
  QualifiedName table;
  std::string name;

  auto operator<=>(const TableMemberKey &) const = default;
  bool operator==(const TableMemberKey &) const = default;
};

} // namespace schemadiff::model
