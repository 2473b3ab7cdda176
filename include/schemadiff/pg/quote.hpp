#pragma once
// The only way SQL text gets a name or a value: every identifier goes through
// quote_ident and every literal through quote_literal.

#include <string>
#include <string_view>

namespace schemadiff::pg {

// An identifier as PostgreSQL's quote_ident() writes it: bare when it is a
// lower-case name that is not a keyword, else in double quotes with embedded
// quotes doubled.
std::string quote_ident(std::string_view name);

// "schema"."name", each part quoted as needed.
std::string quote_qualified(std::string_view schema, std::string_view name);

// A string literal: '...' with quotes doubled; E'...' when it holds a
// backslash, so the text means the same whatever standard_conforming_strings.
std::string quote_literal(std::string_view value);

} // namespace schemadiff::pg
