#pragma once
// The order of a plan comes from one dependency graph, never from rules of
// thumb: a step that creates X runs after the steps that create what X
// needs (in the desired catalog); a step that drops X runs after the steps
// that drop what needs X (in the current catalog); and dropping X runs
// before creating X again.

#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/step.hpp"

namespace schemadiff::plan {

// Sorts the steps topologically, keeping their given order where the graph
// leaves it free. Throws Error naming the steps of a cycle.
Plan order_steps(Plan steps, const model::Catalog &current, const model::Catalog &desired);

} // namespace schemadiff::plan
