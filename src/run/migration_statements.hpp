#pragma once
// The statements of one direction of a written migration, as its runner
// reads them, with the lines they start at in the file.

#include "script_statements.hpp"

#include "schemadiff/emit/migration_formats.hpp"

#include <vector>

namespace schemadiff::run {

enum class Direction { Up, Down };

// psql runs plain and sqitch scripts and reads their backslash commands itself.
bool is_psql_script(emit::MigrationFormat format);

// Throws Error at the file and line of text the scanner cannot read.
std::vector<ScriptStatement> migration_statements(const emit::WrittenMigration &migration, emit::MigrationFormat format,
                                                  Direction direction);

} // namespace schemadiff::run
