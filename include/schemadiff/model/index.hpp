#pragma once

#include "schemadiff/model/names.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::model {

struct IndexKey {
  std::string expression;              // a quoted column name, or an expression
  std::optional<std::string> collation; // qualified, only when not the column's
  std::optional<std::string> opclass;  // qualified, only when not the type's default
  bool descending = false;
  bool nulls_first = false;            // as stated; the default is nulls first only for DESC

  bool operator==(const IndexKey &) const = default;
};

struct Index {
  QualifiedName name;  // the index's schema is its table's
  QualifiedName table;
  // pg_get_indexdef: "CREATE UNIQUE INDEX name ON schema.table USING btree (...) ..."
  std::string definition;
  std::string method; // btree, hash, gin, gist, brin, spgist, ...
  bool unique = false;
  bool nulls_not_distinct = false;  // PostgreSQL >= 15
  std::vector<IndexKey> keys;
  std::vector<std::string> include; // INCLUDE columns
  std::optional<std::string> predicate; // partial index WHERE
  std::vector<std::string> options;  // reloptions
  bool valid = true;                 // false after a failed CREATE INDEX CONCURRENTLY
  // Set when the index backs a primary key, unique or exclusion constraint:
  // it comes and goes with the constraint.
  std::optional<std::string> constraint;
  // The partitioned table's index this partition index is attached to.
  std::optional<QualifiedName> parent_index;
  std::optional<std::string> comment;

  bool operator==(const Index &) const = default;
};

} // namespace schemadiff::model
