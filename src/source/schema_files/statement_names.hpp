#pragma once
// What a statement creates and what it refers to, read from its parse tree:
// the edges of the dependency graph that orders schema files.

#include "statement.hpp"

#include "schemadiff/model/names.hpp"

#include <optional>
#include <vector>

namespace schemadiff::source {

// A schema itself is named {schema, ""}; everything else {schema, name},
// with unqualified names taken to be in public. Relations, types and
// routines share one name space here: a false edge only orders more.
using ObjectName = model::QualifiedName;

// A FOREIGN KEY written inside a CREATE TABLE: the one edge that may have to
// move out of its statement to break a cycle.
struct InlineForeignKey {
  std::size_t location = 0;                   // byte offset of the constraint in its file
  std::optional<std::string> column;          // set for a column constraint
  std::size_t next_constraint = 0;            // column constraints: byte offset of the column's next constraint, 0 if none
  ObjectName target;
};

struct StatementNames {
  std::vector<ObjectName> provides;
  std::vector<ObjectName> requires_names; // without the inline foreign keys' targets
  std::vector<InlineForeignKey> foreign_keys;
  bool is_extension = false;
};

StatementNames names_of(const SourceStatement &statement);

} // namespace schemadiff::source
