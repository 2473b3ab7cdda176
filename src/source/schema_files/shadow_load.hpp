#pragma once
// Loading ordered schema statements into a shadow database: PostgreSQL
// itself checks and normalises every definition, and a statement it rejects
// is reported at the file and line it came from.

#include "statement.hpp"

#include <string>
#include <vector>

namespace schemadiff::source {

// Runs each statement on its own (autocommit) in the database `conninfo`
// names. Session settings and ownership are skipped: statements are
// reordered, so a SET cannot mean what it meant in its file, and owners are
// not part of the model. Throws Error at the statement's location (the
// exact line when the server gives a position) with the server's message,
// detail and hint.
void load_statements(const std::string &conninfo, const std::vector<SchemaFile> &files,
                     const std::vector<SourceStatement> &statements);

} // namespace schemadiff::source
