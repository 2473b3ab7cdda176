#pragma once
// One object of a catalog as SQL: what `inspect --format sql` writes for it
// (its CREATE, row level security, comments and grants), so that two
// catalogs' versions of an object can be shown side by side. A column is
// shown as ADD COLUMN, a table constraint as ADD CONSTRAINT.

#include "schemadiff/model/catalog.hpp"

#include <string>

namespace schemadiff::emit {

// Blocks under "-- kind name" lines, as render_schema_sql writes them, but
// the first block's line (it names the object, which the caller does
// already); empty when the catalog does not hold the object.
std::string object_sql(const model::Catalog &catalog, const model::ObjectRef &object);

} // namespace schemadiff::emit
