#pragma once
// Tables with their columns and constraints.

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/privilege.hpp"
#include "schemadiff/model/sequence.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::model {

enum class IdentityKind { Always, ByDefault };

struct Identity {
  IdentityKind kind = IdentityKind::Always;
  SequenceOptions options;

  bool operator==(const Identity &) const = default;
};

struct Column {
  std::string name;
  std::string type;                       // format_type, e.g. "numeric(12,2)", "public.order_status"
  std::optional<std::string> collation;   // qualified, only when not the type's default
  std::optional<std::string> default_value; // pg_get_expr of the default; not for generated columns
  bool not_null = false;
  std::optional<Identity> identity;
  std::optional<std::string> generated;   // the expression of GENERATED ALWAYS AS (...) STORED
  std::optional<std::string> comment;
  Privileges privileges;                  // column-level grants

  bool operator==(const Column &) const = default;
};

enum class ConstraintKind { PrimaryKey, Unique, Check, ForeignKey, Exclusion };

struct ForeignKeyTarget {
  QualifiedName table;
  std::vector<std::string> columns;
  char match_type = 's';  // confmatchtype: f full, p partial, s simple
  char on_update = 'a';   // confupdtype: a no action, r restrict, c cascade, n set null, d set default
  char on_delete = 'a';   // confdeltype

  bool operator==(const ForeignKeyTarget &) const = default;
};

struct Constraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::Check;
  // pg_get_constraintdef without a trailing NOT VALID, e.g.
  // "FOREIGN KEY (a) REFERENCES public.t(id) ON DELETE CASCADE DEFERRABLE".
  std::string definition;
  std::vector<std::string> columns;      // conkey, in key order
  std::optional<ForeignKeyTarget> references; // foreign keys only
  bool validated = true;
  bool deferrable = false;
  bool initially_deferred = false;
  bool nulls_not_distinct = false;       // unique, PostgreSQL >= 15
  bool no_inherit = false;               // check
  std::optional<std::string> comment;

  bool operator==(const Constraint &) const = default;
};

struct PartitionBound {
  QualifiedName parent;
  std::string bound; // "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", "DEFAULT"

  bool operator==(const PartitionBound &) const = default;
};

struct Table {
  QualifiedName name;
  bool unlogged = false;
  std::optional<std::string> partition_key;   // pg_get_partkeydef, e.g. "RANGE (created_at)"
  std::optional<PartitionBound> partition_of; // when the table is a partition
  std::vector<Column> columns;                // in attnum order; order is never a difference
  std::vector<Constraint> constraints;        // by name
  std::vector<std::string> options;           // reloptions, e.g. "fillfactor=70"
  bool row_security = false;
  bool force_row_security = false;
  std::optional<std::string> comment;
  Privileges privileges;

  // Column order is not a difference: a declarative schema can only append
  // columns, so two tables with the same columns in another order are equal.
  bool operator==(const Table &other) const;

  const Column *column(std::string_view name) const;
  const Constraint *constraint(std::string_view name) const;
};

} // namespace schemadiff::model
