#pragma once
// User-defined types: enums, domains, composites, ranges; and collations.

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/privilege.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::model {

struct EnumType {
  QualifiedName name;
  std::vector<std::string> labels; // in sort order (enumsortorder)
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const EnumType &) const = default;
};

struct DomainCheck {
  std::string name;
  std::string expression; // "CHECK (VALUE > 0)" as pg_get_constraintdef prints it, without NOT VALID
  bool validated = true;
  std::optional<std::string> comment;

  bool operator==(const DomainCheck &) const = default;
};

struct Domain {
  QualifiedName name;
  std::string base_type; // format_type, e.g. "character varying(20)"
  std::optional<std::string> collation; // qualified, only when not the base type's default
  std::optional<std::string> default_value;
  bool not_null = false;
  std::vector<DomainCheck> checks; // by name
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const Domain &) const = default;
};

struct CompositeAttribute {
  std::string name;
  std::string type; // format_type
  std::optional<std::string> collation; // only when not the type's default
  std::optional<std::string> comment;

  bool operator==(const CompositeAttribute &) const = default;
};

struct CompositeType {
  QualifiedName name;
  std::vector<CompositeAttribute> attributes; // in attnum order
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const CompositeType &) const = default;
};

struct RangeType {
  QualifiedName name;
  std::string subtype;                          // format_type
  std::optional<std::string> subtype_opclass;   // only when not the default
  std::optional<std::string> collation;         // only when not the subtype's default
  std::optional<std::string> canonical_function; // qualified
  std::optional<std::string> subtype_diff_function;
  std::optional<std::string> multirange_name;   // qualified, PostgreSQL >= 14
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const RangeType &) const = default;
};

struct Collation {
  QualifiedName name;
  std::string provider; // "libc", "icu", "builtin"
  std::optional<std::string> locale; // ICU / builtin locale
  std::optional<std::string> lc_collate; // libc
  std::optional<std::string> lc_ctype;   // libc
  bool deterministic = true;
  std::optional<std::string> comment;

  bool operator==(const Collation &) const = default;
};

} // namespace schemadiff::model
