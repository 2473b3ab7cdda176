#pragma once
// Removing or reordering the labels of an enum that columns use
// (hazards.md, "remove or reorder enum values"): PostgreSQL can do neither,
// so a new type takes the old one's place. One step, in the contract phase:
// the old type is renamed aside, the new one created under its name, every
// column converted through text (a table rewrite), the old type dropped.
// A row holding a label that goes makes the up fail, so no value is lost
// silently; the down converts back the same way.

#include "../kind_builder.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::kinds {

// Whether the re-creation of the enum `object` is planned as a conversion:
// a column of the enum type itself (not an array or a domain of it) stays,
// and nothing else holds on to the old type: no backup, no other type, and
// no view, routine, foreign key or the like the plan does not re-create
// around it (indexes and other keys are rebuilt by the conversion).
bool converts_enum_columns(const BuildContext &context, const model::ObjectRef &object);

// The step; `create_new` creates the desired type under its name (with its
// comment and grants), `create_old` the current one, for the down.
Step enum_conversion_step(const BuildContext &context, const model::ObjectRef &object,
                          const std::vector<std::string> &create_new, const std::vector<std::string> &create_old);

} // namespace schemadiff::plan::kinds
