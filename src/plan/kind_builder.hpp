#pragma once
// One step builder per object kind: how to create, drop and alter one
// object of that kind. The orchestration (build.cpp) decides which objects
// change and puts the steps in dependency order; a builder only says what
// one change takes, as steps with their up, down, lock and hazards.
//
// Conventions every builder keeps:
// - `creates` lists what the step creates or changes (its needs must exist
//   before it); `drops` what it removes or invalidates (what depends on it
//   must be gone before it). Use diff::*_ref for the ObjectRefs.
// - A create is in the expand phase; a drop of an object the desired schema
//   no longer has is in the contract phase; the drop half of a re-creation is
//   in the phase of its create (nothing is lost: it comes back).
// - The down of a step undoes exactly that step, from the other catalog's
//   object (a drop's down re-creates the current object).
// - Statements are built with pg::quote_* and plan::ddl only.

#include "schemadiff/diff/changes.hpp"
#include "schemadiff/diff/object_refs.hpp"
#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/plan/step.hpp"

namespace schemadiff::plan {

struct BuildContext {
  const model::Catalog &current;
  const model::Catalog &desired;
  const PlanOptions &options;
  const diff::Changes &changes;
};

// Why a step is being built for an object.
enum class Purpose {
  Create,        // only in desired
  Drop,          // only in current
  Alter,         // in both, changed in place
  RecreateDrop,  // in both; the drop half of a re-creation
  RecreateCreate // in both; the create half of a re-creation
};

struct KindBuilder {
  // Adds the steps for `object`; `purpose` is never Alter for a builder's
  // create/drop functions and always Alter for `alter`.
  void (*create)(const BuildContext &, const model::ObjectRef &object, Purpose purpose, Plan &steps);
  void (*drop)(const BuildContext &, const model::ObjectRef &object, Purpose purpose, Plan &steps);
  void (*alter)(const BuildContext &, const model::ObjectRef &object, Plan &steps);
};

// The builder of a kind. Throws Error for a kind whose changes cannot be
// planned yet, naming the object.
const KindBuilder &builder_for(model::ObjectKind kind, const model::ObjectRef &object);

// Phase of a drop for the purpose: contract when the object goes for good.
inline Phase drop_phase(Purpose purpose) { return purpose == Purpose::Drop ? Phase::Contract : Phase::Expand; }

} // namespace schemadiff::plan
