#pragma once
// Which ALTER COLUMN ... TYPE changes rewrite the table (and rebuild every
// index on the column) and which only change the catalog: PostgreSQL skips
// the rewrite when the old type is binary coercible to the new one and no
// value can stop fitting (hazards.md).

#include <string>

namespace schemadiff::plan::kinds {

// `from` and `to` as format_type prints them, e.g. "character varying(20)".
bool type_change_rewrites(const std::string &from, const std::string &to);

} // namespace schemadiff::plan::kinds
