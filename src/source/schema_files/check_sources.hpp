#pragma once
// The text of each CHECK constraint as the user wrote it in CREATE TABLE,
// keyed by the constraint it becomes. The planner adds a check with this
// text rather than with the server's printed form, which does not always
// parse back to the same expression.

#include "statement.hpp"

#include "schemadiff/model/object_ref.hpp"

#include <map>
#include <string>
#include <vector>

namespace schemadiff::source {

// "CHECK (...)" (with NO INHERIT when stated) per constraint: named ones,
// and unnamed column checks under the name PostgreSQL gives them
// (<table>_<column>_check, when that fits in 63 bytes).
std::map<model::ObjectRef, std::string> check_sources(const std::vector<SchemaFile> &files,
                                                      const std::vector<SourceStatement> &statements);

} // namespace schemadiff::source
