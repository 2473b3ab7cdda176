#pragma once
// Files may be written in any order: the statements are loaded in the
// order of the dependency graph their parse trees give (what each creates,
// what each refers to), the files' order breaking ties so the result is
// deterministic. A cycle of foreign keys is broken by adding those
// constraints after both tables exist; any other cycle is an error that
// names its members.

#include "statement.hpp"

#include <vector>

namespace schemadiff::source {

// `files[i]` holds the statements that carry its name; the result is every
// statement, plus one ALTER TABLE per foreign key moved out of a cycle.
std::vector<SourceStatement> order_statements(const std::vector<SchemaFile> &files,
                                              std::vector<SourceStatement> statements);

} // namespace schemadiff::source
