#pragma once
// The steps of [renames]: ALTER ... RENAME, catalog only, each undone by
// renaming back.

#include "schemadiff/diff/renames.hpp"
#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/step.hpp"

#include <set>
#include <vector>

namespace schemadiff::plan {

// One step per rename, in the renames' order; `current` is the catalog
// before the first (for row estimates).
Plan rename_steps(const model::Catalog &current, const std::vector<diff::Rename> &renames);

// The catalog without these objects (and what the catalog records of
// them): what the plan drops before the renames and creates after.
model::Catalog without_objects(model::Catalog catalog, const std::set<model::ObjectRef> &objects);

// The name the table had before the renames.
model::QualifiedName name_before_renames(const model::QualifiedName &table, const std::vector<diff::Rename> &renames);

} // namespace schemadiff::plan
