#pragma once
// Which statements a declarative schema may hold: those that define
// persistent schema state, plus the state-defining forms pg_dump
// --schema-only writes, so that a dump can become schema/ as it is.

#include "statement.hpp"

#include <string>

namespace schemadiff::source {

// The statement as a user would name it: "CREATE TABLE", "INSERT", ...
std::string statement_name(const SourceStatement &statement);

// Throws an Error at the statement's location, naming it and saying why a
// declarative schema cannot hold it.
void check_declarative(const SourceStatement &statement);

// Session settings and ownership: allowed (pg_dump writes them) but they
// define nothing schemadiff compares, so the shadow database skips them.
bool is_session_or_ownership(const SourceStatement &statement);

} // namespace schemadiff::source
