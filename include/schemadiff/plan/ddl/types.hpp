#pragma once
// The DDL of user-defined types and collations, shared by the plan's type
// builder and `schemadiff inspect`: one implementation of each statement.

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/privilege.hpp"
#include "schemadiff/model/types.hpp"

#include <optional>
#include <string>

namespace schemadiff::plan::ddl {

std::string create_collation(const model::Collation &collation);
std::string create_enum(const model::EnumType &type);
std::string create_range(const model::RangeType &type);
std::string create_composite(const model::CompositeType &type);

// What CREATE TYPE and CREATE DOMAIN grant by themselves to others than the
// owner (acldefault): USAGE to PUBLIC.
const model::Privileges &new_type_privileges();

// Where ALTER TYPE ... ADD VALUE puts a label: right after one label, or
// right before one; neither: at the end.
struct EnumPosition {
  std::optional<std::string> after;
  std::optional<std::string> before;
};

// One label per statement: PostgreSQL adds enum labels one at a time.
// IF NOT EXISTS lets a step that ran outside a transaction be run again.
std::string add_enum_value(const model::QualifiedName &type, const std::string &label, const EnumPosition &position);

} // namespace schemadiff::plan::ddl
