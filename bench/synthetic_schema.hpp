#pragma once
// A synthetic application schema of any size for the benchmarks: N tables
// of 15 columns, each with 3 indexes, a foreign key and checks, plus enums,
// and for every tenth table a view, a function and a trigger.

#include <string>
#include <vector>

namespace schemadiff::bench {

struct SchemaFileText {
  std::string name; // relative path, e.g. "tables/t_0042.sql"
  std::string sql;
};

// The schema as files, each holding one object and what belongs to it;
// written in an order that is NOT the dependency order (tables refer to
// later tables), as a user's files would be.
std::vector<SchemaFileText> synthetic_schema(int tables);

// The same schema as batches of statements in dependency order, each small
// enough to run as one transaction (one batch of thousands of tables would
// exhaust the lock table).
std::vector<std::string> synthetic_schema_batches(int tables);

} // namespace schemadiff::bench
