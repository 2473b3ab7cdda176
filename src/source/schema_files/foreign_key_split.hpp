#pragma once
// Breaking a cycle of foreign keys: a FOREIGN KEY written inside CREATE
// TABLE moves out into an ALTER TABLE ... ADD that runs once both tables
// exist. The text is cut at the constraint's exact extent in the source, so
// everything else in the statement stays as the user wrote it.

#include "statement.hpp"
#include "statement_names.hpp"

#include <vector>

namespace schemadiff::source {

// Removes `keys` (all of one CREATE TABLE statement) from `table`'s text and
// returns one ALTER TABLE statement per key, located where the key was.
std::vector<SourceStatement> split_foreign_keys(SourceStatement &table, const std::vector<InlineForeignKey> &keys,
                                                const SchemaFile &file);

} // namespace schemadiff::source
