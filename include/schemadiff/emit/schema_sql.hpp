#pragma once
// `schemadiff inspect --format sql`: the catalog as a declarative schema,
// the statements that make an empty database hold exactly this catalog.
// It loads with `psql -v ON_ERROR_STOP=1 -f` into an empty database, and
// reading that database back gives an equal model.

#include "schemadiff/model/catalog.hpp"

#include <string>

namespace schemadiff::emit {

// Objects in dependency order, one block per object under a "-- kind name"
// line, a blank line between blocks; byte-identical for equal catalogs.
// Throws schemadiff::Error when the catalog's dependencies form a cycle
// (views reading each other, types mentioning each other).
std::string render_schema_sql(const model::Catalog &catalog);

} // namespace schemadiff::emit
